@notifications @runs-the-function
Feature: Every thumbnail is announced once
  Other teams react to new avatars: the search index refreshes a profile card,
  the moderation queue looks at the picture. They subscribe to the pipeline's
  SNS topic and trust its JSON summary to say where the original and the
  thumbnail are and how big each is. A missing summary leaves a stale profile;
  a duplicate makes moderators review a picture twice.

  (@runs-the-function: needs a target that runs the function; plain moto
  without Docker cannot, see README "Targets".)

  Scenario: Each processed image is summarised exactly once, as stored
    Given a subscriber listens to the pipeline's summaries
    When these files are uploaded:
      | name         | content      |
      | wide.png     | 800x600 PNG  |
      | tall.jpg     | 300x900 JPEG |
      | tiny.png     | 40x30 PNG    |
    Then the subscriber receives exactly one summary for each of them
    And each summary names the source and the thumbnail with their bucket, key and size, as stored
