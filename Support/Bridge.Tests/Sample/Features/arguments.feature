@smoke
Feature: Step arguments
  Tables and doc strings reach the binding as written.

  Scenario: A data table and a doc string
    Given these thumbnails:
      | name      | width |
      | small.png | 64    |
      | large.png | 512   |
    When the summary is:
      """json
      {
        "key": "photo.png"
      }
      """
    Then the binding saw 2 thumbnails and a summary of 3 lines
