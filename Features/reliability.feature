@reliability @runs-the-function
Feature: Bursts and repeated events lose nothing
  A user who imports an album uploads a hundred pictures at once, and S3
  delivers its notifications at least once, so now and then the same event
  arrives twice. The pipeline must make every thumbnail in a burst, and a
  repeated event must leave the same thumbnail, not a different or broken one.

  (@runs-the-function: needs a target that runs the function; plain moto
  without Docker cannot, see README "Targets".)

  These scenarios read the FilesProcessed count, so they run alone
  (@exclusive, see the metric feature).

  @exclusive @slow
  Scenario: A burst of 100 uploads makes 100 thumbnails, summaries and counts
    Given a subscriber listens to the pipeline's summaries
    And the FilesProcessed count is still
    When 100 images of 320x240 PNG are uploaded at once
    Then every one of them gets a thumbnail of 128x96
    And the subscriber receives exactly one summary for each of them
    And FilesProcessed grows by exactly 100
    And every uploaded file is still in the incoming bucket, byte for byte as uploaded

  # Decided behaviour on a duplicate: the function is stateless and does the
  # whole job again. The thumbnail is rewritten with the same bytes (ImageSharp
  # encodes deterministically), a second summary is published and the count
  # grows again. Subscribers key their work on the thumbnail key, and the count
  # measures work done, not distinct images.
  @exclusive
  Scenario: The same S3 event delivered twice leaves one identical thumbnail
    Given a subscriber listens to the pipeline's summaries
    And the FilesProcessed count is still
    And a 800x600 PNG "avatar.png" whose thumbnail has appeared
    When S3 delivers the event for "avatar.png" a second time
    Then the thumbnail of "avatar.png" has the same bytes as after the first delivery
    And the subscriber receives 2 summaries of "avatar.png", both naming the same thumbnail
    And FilesProcessed grows by exactly 2
