Feature: Outcomes
  Each way a scenario can end shows up as the matching xUnit outcome.

  @smoke
  Scenario: Passing
    Given the step "anything" has run
    Then the steps so far are "anything"

  Scenario: Undefined step
    Given a step nobody has written yet

  Scenario: Failing step
    Given the step "setup" has run
    When the upload explodes
    Then the steps so far are "setup"

  Scenario: Pending step
    Given a step that is still pending

  @ignore
  Scenario: Ignored
    Given the step "never" has run
