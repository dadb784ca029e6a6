@teardown @runs-the-function
Feature: Tearing a stack down leaves nothing behind
  Every run of this suite deploys the whole pipeline and removes it at the end.
  Leftovers cost money on AWS, collide with the next run, and hide in shared
  accounts. So destroying a stack must remove everything that carries its
  prefix, including buckets that still hold files and the function's logs.

  (@runs-the-function: needs a target that runs the function; plain moto
  without Docker cannot, see README "Targets".)

  Scenario: A destroyed stack leaves nothing with its prefix
    Given a stack of its own that has processed one image
    When that stack is destroyed
    Then nothing with its prefix remains in S3, Lambda, SNS, SQS, IAM or CloudWatch Logs
