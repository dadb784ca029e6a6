Feature: Malformed
  The parser must reject this file and discovery must say where.

  Scenario: Broken table
    Given these thumbnails:
      | name | width |
      | a.png |
    This line is not a step
