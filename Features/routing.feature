@routing @runs-the-function
Feature: Only image uploads wake the function
  The incoming bucket also receives what is not an avatar: GIFs, WebP pictures,
  text files, backups. The function is paid per invocation and could only fail
  on them, so S3 itself routes uploads by the end of their name, before any
  code runs. S3 compares suffixes case-sensitively, and cameras write names such
  as IMG_0001.JPG, so every accepted suffix is listed in lower and in upper case.
  A name in mixed case, such as photo.Jpg, is not routed: S3 cannot ignore case,
  and listing every mixed form would take 32 filters for names no camera writes.

  (@runs-the-function: needs a target that runs the function; plain moto
  without Docker cannot, see README "Targets".)

  Rule: PNG and JPEG files are processed, with their suffix in lower or upper case

    Scenario Outline: A file ending in "<suffix>" gets a thumbnail
      When a 640x480 <format> image is uploaded as "avatar<suffix>"
      Then a thumbnail of 128x96 appears under "thumbnails/" with the same name

      Examples: Lower-case suffixes
        | suffix | format |
        | .png   | PNG    |
        | .jpg   | JPEG   |
        | .jpeg  | JPEG   |

      Examples: Upper-case suffixes, as cameras write them
        | suffix | format |
        | .PNG   | PNG    |
        | .JPG   | JPEG   |
        | .JPEG  | JPEG   |

  Rule: Anything else never reaches the function

    The files below hold a real PNG picture, so a routing mistake would show up
    as a thumbnail. To make "nothing happened" meaningful, the check waits until
    an image uploaded after the file has been processed, then watches a little
    longer.

    Scenario Outline: A file named "<name>" is left alone
      Given a subscriber listens to the pipeline's summaries
      When a 640x480 PNG image is uploaded as "<name>"
      Then the function never runs for it, and no thumbnail or summary is made of it

      Examples: Other formats, no suffix, and a suffix that only looks right
        | name          |
        | avatar.gif    |
        | avatar.webp   |
        | notes.txt     |
        | avatar        |
        | photo.png.bak |

      Examples: A suffix in mixed case, as S3 compares it
        | name       |
        | avatar.Jpg |
