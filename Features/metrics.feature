@metrics @runs-the-function
Feature: The FilesProcessed metric counts thumbnails made
  Operations watch FilesProcessed to see the pipeline work and to alarm when it
  stops. It must count each thumbnail made exactly once: files the pipeline
  ignores or cannot read are not counted.

  (@runs-the-function: needs a target that runs the function; plain moto
  without Docker cannot, see README "Targets".)

  CloudWatch keeps one number for the whole namespace, so this scenario runs
  alone (@exclusive): it waits until the count is still, uploads, and reads the
  sum over its own time window with GetMetricStatistics (which, unlike
  ListMetrics, does not lag on AWS).

  @exclusive
  Scenario: The count grows by exactly the number of images processed
    Given the FilesProcessed count is still
    When these files are uploaded:
      | name       | content      |
      | one.png    | 800x600 PNG  |
      | two.jpg    | 640x480 JPEG |
      | three.png  | 100x100 PNG  |
      | notes.txt  | text         |
      | broken.png | corrupt PNG  |
    Then FilesProcessed grows by exactly 3
