@uploads @runs-the-function
Feature: Real uploads, not just clean test images
  People upload phone photos stored sideways, logos with transparent
  backgrounds, files renamed by hand, uploads cut off half-way, and now and
  then a hostile file. A thumbnail pipeline that only handles clean images
  shows sideways faces, grey half-pictures and black logo backgrounds, or
  falls over on a one-kilobyte file that asks for gigabytes of memory. The
  pipeline turns photos upright, keeps transparency, trusts a file's content
  over its name, and refuses what it cannot show correctly, saying why, while
  leaving the user's file untouched.

  (@runs-the-function: needs a target that runs the function; plain moto
  without Docker cannot, see README "Targets".)

  Rule: Pictures look the way the user saw them

    Scenario: A phone photo stored sideways gets an upright thumbnail
      When these files are uploaded:
        | name         | content                              |
        | portrait.jpg | 600x800 JPEG with EXIF orientation 6 |
      Then a thumbnail of 96x128 appears for "portrait.jpg"
      And the thumbnail of "portrait.jpg" shows the picture upright

    Scenario: A mirrored selfie gets an upright thumbnail
      When these files are uploaded:
        | name       | content                              |
        | selfie.jpg | 600x800 JPEG with EXIF orientation 5 |
      Then a thumbnail of 96x128 appears for "selfie.jpg"
      And the thumbnail of "selfie.jpg" shows the picture upright

    Scenario: A logo keeps its transparent background
      When these files are uploaded:
        | name     | content                 |
        | logo.png | 800x600 transparent PNG |
      Then a thumbnail of 128x96 appears for "logo.png"
      And the thumbnail of "logo.png" keeps its transparent background

    Scenario: A JPEG renamed to .png is handled as the JPEG it is
      When these files are uploaded:
        | name        | content           |
        | renamed.png | JPEG named as PNG |
      Then a thumbnail of 128x96 appears for "renamed.png"
      And the thumbnail is a JPEG image served as "image/jpeg"

  Rule: What cannot be shown correctly is refused, and says why

    Scenario Outline: A <problem> is refused and left as uploaded
      Given a subscriber listens to the pipeline's summaries
      When these files are uploaded:
        | name   | content   |
        | <name> | <content> |
      Then the function's log says "<name>" was refused because it "<reason>"
      And no thumbnail and no summary are made of "<name>"
      And "<name>" is still in the incoming bucket, byte for byte as uploaded

      Examples: Files that would make a wrong or no picture
        | problem                     | name      | content        | reason          |
        | photo cut off during upload | cut.jpg   | truncated JPEG | is truncated    |
        | screenshot cut off          | cut.png   | truncated PNG  | is truncated    |
        | zero-byte file              | empty.png | empty file     | is empty        |
        | text file named .png        | notes.png | text           | is not an image |

      Examples: A tiny file that asks for gigabytes of memory
        | problem                    | name     | content                      | reason               |
        | PNG declaring 50000x50000  | bomb.png | 50000x50000 PNG header bomb  | declares 50000x50000 |
        | JPEG declaring 50000x50000 | bomb.jpg | 50000x50000 JPEG header bomb | declares 50000x50000 |
