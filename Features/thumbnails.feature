@thumbnails @runs-the-function
Feature: Thumbnails keep the picture's shape
  Avatars are shown at one small size in lists, comments and profile headers.
  A thumbnail that stretches a face, or blows a tiny logo up into a blur, makes
  the product look broken. So the pipeline shrinks the longest side to 128
  pixels, keeps the aspect ratio, never enlarges, and never goes below one pixel.
  The thumbnail keeps the upload's format, so transparency and photo quality
  survive, and is stored under "thumbnails/" with the upload's own name.

  (@runs-the-function: needs a target that runs the function; plain moto
  without Docker cannot, see README "Targets".)

  Each scenario uploads into a folder of its own, so scenarios never see each
  other's files.

  @smoke
  Scenario Outline: An uploaded image gets a thumbnail that fits in 128 pixels
    When a <source size> <format> image is uploaded as "<name>"
    Then a thumbnail of <thumbnail size> appears under "thumbnails/" with the same name
    And the thumbnail is a <format> image served as "<content type>"

    Examples: Large images shrink until the longest side is 128 pixels
      | name          | source size | format | thumbnail size | content type |
      | landscape.png | 800x600     | PNG    | 128x96         | image/png    |
      | portrait.jpg  | 600x800     | JPEG   | 96x128         | image/jpeg   |
      | square.png    | 1000x1000   | PNG    | 128x128        | image/png    |

    Examples: Small and extreme images
      | name          | source size | format | thumbnail size | content type |
      | small.png     | 100x50      | PNG    | 100x50         | image/png    |
      | banner.jpeg   | 4000x10     | JPEG   | 128x1          | image/jpeg   |
