Feature: Outlines
  One test per example row, each named after its values.

  @smoke
  Scenario Outline: Doubling
    When <number> is doubled
    Then the result is <double>

    Examples: small numbers
      | number | double |
      | 1      | 2      |
      | 2      | 4      |
      | 21     | 42     |
