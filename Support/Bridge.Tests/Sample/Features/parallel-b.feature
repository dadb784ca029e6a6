Feature: Parallel B
  Runs at the same time as Parallel A, in another collection.

  Scenario: Meet A
    Given the feature "Parallel B" meets the other parallel feature
