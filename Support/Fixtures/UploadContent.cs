using System.Text.RegularExpressions;

namespace PipelineSpecs.Support.Fixtures;

/// <summary>
/// What a feature file says a file contains, such as <c>800x600 PNG</c>, <c>corrupt PNG</c> or <c>text</c>, turned
/// into bytes and the Content-Type a browser would send.
/// </summary>
public sealed partial record UploadContent(string Description, byte[] Bytes, string ContentType)
{
    /// <summary>The descriptions <see cref="Parse"/> accepts.</summary>
    public const string Accepted =
        "'<width>x<height> PNG|JPEG', '<width>x<height> transparent PNG', " +
        "'<width>x<height> JPEG with EXIF orientation <1-8>', '<width>x<height> PNG|JPEG header bomb', " +
        "'corrupt PNG', 'truncated PNG|JPEG', 'empty file', 'JPEG named as PNG', 'text'";

    /// <summary>Makes the content a feature file describes.</summary>
    public static UploadContent Parse(string description)
    {
        var text = description.Trim();
        if (ImageDescription().Match(text) is { Success: true } image)
        {
            return Image(int.Parse(image.Groups[1].Value), int.Parse(image.Groups[2].Value),
                ImageFormatNames.Parse(image.Groups[3].Value));
        }

        return Problem(text) ?? Named(text) ?? throw new ArgumentException(
            $"Unknown content '{description}'. Accepted: {Accepted}.");
    }

    /// <summary>A generated image.</summary>
    public static UploadContent Image(int width, int height, ImageFormatName format) =>
        new($"{width}x{height} {format}", ImageFixtures.Create(width, height, format), format.ContentType());

    // Sizes in these descriptions are the picture as shown; the Content-Type is what a browser derives from the name.
    private static UploadContent? Problem(string text)
    {
        if (OrientedDescription().Match(text) is { Success: true } oriented)
        {
            return new UploadContent(text, ProblemImages.OrientedJpeg(
                Number(oriented, 1), Number(oriented, 2), ushort.Parse(oriented.Groups[3].Value)), "image/jpeg");
        }

        if (BombDescription().Match(text) is { Success: true } bomb)
        {
            var format = ImageFormatNames.Parse(bomb.Groups[3].Value);
            var bytes = format == ImageFormatName.Png
                ? ProblemImages.PngDeclaring(Number(bomb, 1), Number(bomb, 2))
                : ProblemImages.JpegDeclaring(Number(bomb, 1), Number(bomb, 2));
            return new UploadContent(text, bytes, format.ContentType());
        }

        return TransparentDescription().Match(text) is { Success: true } transparent
            ? new UploadContent(text, ProblemImages.TransparentPng(Number(transparent, 1), Number(transparent, 2)),
                "image/png")
            : null;
    }

    private static UploadContent? Named(string text) => text.ToLowerInvariant() switch
    {
        "corrupt png" => new UploadContent(text, ImageFixtures.CorruptPng(), "image/png"),
        "text" => new UploadContent(text, "Notes, not an avatar.\n"u8.ToArray(), "text/plain"),
        "empty file" => new UploadContent(text, [], "application/octet-stream"),
        "truncated jpeg" => new UploadContent(
            text, ProblemImages.Truncated(ProblemImages.Jpeg(800, 600), 0.6), "image/jpeg"),
        "truncated png" => new UploadContent(text, ProblemImages.PngCutBetweenDataChunks(400, 300), "image/png"),
        "jpeg named as png" => new UploadContent(text, ProblemImages.Jpeg(800, 600), "image/png"),
        _ => null,
    };

    private static int Number(Match match, int group) => int.Parse(match.Groups[group].Value);

    [GeneratedRegex("^(\\d+)x(\\d+) (PNG|JPEG|JPG)$", RegexOptions.IgnoreCase)]
    private static partial Regex ImageDescription();

    [GeneratedRegex("^(\\d+)x(\\d+) JPEG with EXIF orientation ([1-8])$", RegexOptions.IgnoreCase)]
    private static partial Regex OrientedDescription();

    [GeneratedRegex("^(\\d+)x(\\d+) (PNG|JPEG) header bomb$", RegexOptions.IgnoreCase)]
    private static partial Regex BombDescription();

    [GeneratedRegex("^(\\d+)x(\\d+) transparent PNG$", RegexOptions.IgnoreCase)]
    private static partial Regex TransparentDescription();
}
