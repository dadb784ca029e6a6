@keys @runs-the-function
Feature: Files keep the names users give them
  People name files the way they talk: with spaces, plus signs, accents and
  folders. S3 writes the key into its event URL-encoded, with "+" standing for
  a space, so a pipeline that forgets to decode it looks for a file that does
  not exist, and one that decodes it twice turns "+" into a space. Either way
  the user's avatar never appears. The thumbnail must be stored under the exact
  name the user uploaded.

  (@runs-the-function: needs a target that runs the function; plain moto
  without Docker cannot, see README "Targets".)

  Scenario Outline: A file named with <what> gets a thumbnail under its exact name
    When a 800x600 PNG image is uploaded as "<name>"
    Then a thumbnail of 128x96 appears under "thumbnails/" with the same name

    Examples: Names as users write them
      | what                         | name                                 |
      | spaces and a plus sign       | my photo+1.png                       |
      | letters beyond ASCII         | Zoë Ærøskøbing 東京.png              |
      | folders                      | albums/2026/summer trip/IMG 0001.png |
      | characters S3 must escape    | 100% (final) & done #2.png           |
