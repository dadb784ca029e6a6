Feature: Parallel A
  Runs at the same time as Parallel B, in another collection.

  Scenario: Meet B
    Given the feature "Parallel A" meets the other parallel feature
