@isolation @runs-the-function
Feature: A broken upload fails alone
  Uploads break: a browser stops half-way, a file is renamed by hand, an
  attacker sends garbage. A broken file must fail on its own, with an error
  that names it and says why, without stopping the other uploads and without
  touching what the user uploaded. The metric feature checks that a broken
  file is not counted.

  (@runs-the-function: needs a target that runs the function; plain moto
  without Docker cannot, see README "Targets".)

  Scenario: A corrupt upload makes nothing, and the next upload is processed
    Given a subscriber listens to the pipeline's summaries
    When a corrupt PNG is uploaded as "broken.png", followed by a 800x600 PNG image as "fine.png"
    Then a thumbnail of 128x96 appears for "fine.png"
    And the function's log names "broken.png" and why it failed
    And no thumbnail and no summary are made of "broken.png"
    And "broken.png" is still in the incoming bucket, byte for byte as uploaded

  Scenario: One invocation with a corrupt and a valid record reports each record
    Given a corrupt PNG "broken.png" and a 800x600 PNG "fine.png" in the incoming bucket
    When the function is invoked directly with an S3 event naming both
    Then the function reports 2 records processed
    And exactly one record failed, with an error naming "broken.png"
