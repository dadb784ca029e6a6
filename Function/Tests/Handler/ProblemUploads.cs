using PipelineSpecs.Support.Fixtures;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>The problem inputs of the handler's tests, each named after what it represents.</summary>
internal static class ProblemUploads
{
    /// <summary>Uploads the function must refuse, with a word its reason must contain.</summary>
    public static readonly IReadOnlyDictionary<string, (Func<byte[]> Make, string Reason)> Refused =
        new Dictionary<string, (Func<byte[]>, string)>
        {
            ["empty file"] = (() => [], "empty"),
            ["text file named .png"] = (ProblemImages.Text, "not an image"),
            ["PNG signature followed by text"] = (ProblemImages.PngSignatureThenText, "damaged or cut short"),
            ["PNG signature only"] = (() => ProblemImages.PngSignatureThenText()[..8], "damaged or cut short"),
            ["JPEG start-of-image marker only"] = (() => [0xFF, 0xD8, 0xFF], "not an image"),
            ["JPEG cut at half its bytes"] = (() => Half(ProblemImages.Jpeg(320, 240)), "truncated"),
            ["JPEG missing only its end marker"] = (() => ProblemImages.JpegWithoutEndMarker(320, 240), "truncated"),
            ["PNG cut at half its bytes"] = (() => Half(ProblemImages.Png(320, 240)), "truncated"),
            ["PNG whose image data was damaged in transit"] =
                (() => ProblemImages.PngWithDamagedData(320, 240), "damaged"),
            ["PNG whose encoder wrote a broken deflate block"] =
                (() => ProblemImages.PngWithBadDeflateBlock(320, 240), "damaged"),
            ["PNG whose compressed image data stops at 40% (chunks and checksums whole)"] =
                (() => ProblemImages.PngWithImageDataCutShort(ProblemImages.Png(320, 240), 0.4), "truncated"),
            ["interlaced PNG whose compressed image data stops at 90%"] =
                (() => ProblemImages.PngWithImageDataCutShort(ProblemImages.InterlacedPng(320, 240), 0.9), "truncated"),
            ["PNG whose image data holds fewer rows than its header declares"] =
                (() => ProblemImages.PngWithRowsFor(320, 240, storedHeight: 120), "truncated"),
            ["PNG whose image data holds more rows than its header declares"] =
                (() => ProblemImages.PngWithRowsFor(320, 240, storedHeight: 241), "damaged"),
            ["arithmetic-coded JPEG (SOF9)"] = (ProblemImages.ArithmeticCodedJpeg, "JPEG coding the function cannot"),
            ["lossless JPEG (SOF3)"] = (ProblemImages.LosslessJpeg, "JPEG coding the function cannot"),
            ["PNG missing only its IEND chunk"] = (() => ProblemImages.PngWithoutEndChunk(320, 240), "truncated"),
            ["PNG cut between two image-data chunks"] =
                (() => ProblemImages.PngCutBetweenDataChunks(200, 200), "truncated"),
            ["PNG header bomb declaring 50000x50000"] = (() => ProblemImages.PngDeclaring(50000, 50000), "50000"),
            ["JPEG header bomb declaring 50000x50000"] = (() => ProblemImages.JpegDeclaring(50000, 50000), "50000"),
            ["PNG declaring 0x0 pixels"] = (() => ProblemImages.PngDeclaring(0, 0), "damaged"),
            ["PNG declaring 2x(2^31-1) pixels"] = (() => ProblemImages.PngDeclaring(2, int.MaxValue), "pixels"),
            ["GIF image"] = (() => ProblemImages.Gif(40, 30), "'GIF' is not supported"),
            ["BMP image"] = (() => ProblemImages.Bmp(40, 30), "'BMP' is not supported"),
        };

    /// <summary>Unusual but legitimate uploads, with the size and format their thumbnail must have.</summary>
    public static readonly IReadOnlyDictionary<string, (Func<byte[]> Make, int Width, int Height, string Format)>
        Handled = new Dictionary<string, (Func<byte[]>, int, int, string)>
        {
            ["16-bit PNG with alpha"] = (() => ProblemImages.Png16Bit(320, 240), 128, 96, "png"),
            ["palette PNG with a transparent background"] =
                (() => ProblemImages.PalettePngWithTransparency(320, 240), 128, 96, "png"),
            ["interlaced PNG"] = (() => ProblemImages.InterlacedPng(320, 240), 128, 96, "png"),
            ["interlaced 16-bit PNG of odd size"] = (() => ProblemImages.InterlacedPng16Bit(333, 237), 128, 91, "png"),
            ["1-bit black-and-white PNG of odd width"] =
                (() => ProblemImages.BlackAndWhitePng(321, 240), 128, 96, "png"),
            ["PNG with a text chunk inflating to 1 MB"] =
                (() => ProblemImages.PngWithTextBomb(1024 * 1024, international: false), 10, 10, "png"),
            ["grayscale JPEG"] = (() => ProblemImages.GrayscaleJpeg(320, 240), 128, 96, "jpeg"),
            ["CMYK JPEG"] = (() => ProblemImages.CmykJpeg(320, 240), 128, 96, "jpeg"),
            ["JPEG with a motion-photo video after its end marker"] =
                (() => ProblemImages.JpegWithTrailingData(320, 240), 128, 96, "jpeg"),
            ["JPEG with EXIF orientation 0 (out of range)"] =
                (() => ProblemImages.JpegWithOrientationValue(320, 240, 0), 128, 96, "jpeg"),
            ["JPEG with EXIF orientation 9 (out of range)"] =
                (() => ProblemImages.JpegWithOrientationValue(320, 240, 9), 128, 96, "jpeg"),
            ["one-pixel PNG"] = (() => ProblemImages.Png(1, 1), 1, 1, "png"),
            ["10000x1 PNG strip"] = (() => ProblemImages.Png(10000, 1), 128, 1, "png"),
            ["camera JPEG with EXIF, XMP, IPTC and a 3 KB ICC profile"] =
                (() => ProblemImages.CameraJpeg(320, 240, 3000), 128, 96, "jpeg"),
        };

    private static byte[] Half(byte[] file) => ProblemImages.Truncated(file, 0.5);
}
