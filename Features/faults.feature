@reliability @runs-the-function @function-faults @slow
Feature: The pipeline recovers from function faults
  Functions time out, processes crash, and the services they call fail. When
  that happens to one upload, the failure must show in the function's log,
  naming the file, and the next upload must be processed normally.

  Nothing outside a function can make it time out or crash on demand, so these
  scenarios run on a stack of their own, deployed next to the shared one, whose
  function has a 5-second timeout and accepts fault requests: an upload whose
  metadata says fault=timeout, fault=crash or fault=summary-publish makes the
  function really overrun its timeout, really abort its process, or publish its
  summary to a topic that does not exist. Lambda's own handling of the fault is
  what is checked. Other stacks ignore fault requests (Terraform variable
  fault_injection, default false; see infra/README.md).

  Decided behaviour when the summary cannot be published: the thumbnail stays
  (it is correct, and a retry would only rewrite it), the record's result is
  failed and says the thumbnail is stored but its summary was not published,
  and FilesProcessed does not count it: the count always matches the summaries
  subscribers received, and the ERROR line is what an alarm watches.

  (@runs-the-function: needs a target that runs the function; plain moto
  without Docker cannot, see README "Targets".)

  Background:
    Given the fault stack, whose function times out after 5 seconds and accepts fault requests

  Scenario: An invocation that overruns its timeout is stopped, and the next upload is processed
    Given "stuck.png" made the function overrun its timeout
    When a 800x600 PNG image is uploaded as "next.png"
    Then a thumbnail of 128x96 appears for "next.png"
    And "next.png" was processed by another instance than "stuck.png"
    And the function's log shows the invocation for "stuck.png" timed out after 5 seconds
    And no thumbnail was made of "stuck.png"

  Scenario: A process that crashes mid-invocation is replaced, and the next upload is processed
    Given "doomed.png" made the function crash
    When a 800x600 PNG image is uploaded as "next.png"
    Then a thumbnail of 128x96 appears for "next.png"
    And "next.png" was processed by another instance than "doomed.png"
    And the function's log shows the process crashed while handling "doomed.png"
    And no thumbnail was made of "doomed.png"

  Scenario: A summary that cannot be published keeps the thumbnail, and nothing counts it
    Given a subscriber listens to the pipeline's summaries
    And the FilesProcessed count is still
    When a 800x600 PNG "unsung.png" is uploaded asking the function to fail its summary
    Then a thumbnail of 128x96 appears for "unsung.png"
    And the function's log says "unsung.png" failed because its summary was not published
    And the subscriber receives no summary of "unsung.png"
    And FilesProcessed does not grow

  Scenario: The result of a record whose summary failed says what failed
    Given a 800x600 PNG "unsung.png" in the incoming bucket that asks the function to fail its summary
    When the function is invoked directly with the event for "unsung.png"
    Then the result for "unsung.png" is failed, names its thumbnail, and says the summary was not published
