using System.Text.RegularExpressions;

namespace PipelineSpecs.Support.Fixtures;

/// <summary>
/// What a feature file says a file contains, such as <c>800x600 PNG</c>, <c>corrupt PNG</c> or <c>text</c>, turned
/// into bytes and the Content-Type a browser would send.
/// </summary>
public sealed partial record UploadContent(string Description, byte[] Bytes, string ContentType)
{
    /// <summary>The descriptions <see cref="Parse"/> accepts.</summary>
    public const string Accepted = "'<width>x<height> PNG|JPEG', 'corrupt PNG', 'text'";

    /// <summary>Makes the content a feature file describes.</summary>
    public static UploadContent Parse(string description)
    {
        var text = description.Trim();
        if (ImageDescription().Match(text) is { Success: true } image)
        {
            return Image(int.Parse(image.Groups[1].Value), int.Parse(image.Groups[2].Value),
                ImageFormatNames.Parse(image.Groups[3].Value));
        }

        return text.ToLowerInvariant() switch
        {
            "corrupt png" => new UploadContent(text, ImageFixtures.CorruptPng(), "image/png"),
            "text" => new UploadContent(text, "Notes, not an avatar.\n"u8.ToArray(), "text/plain"),
            _ => throw new ArgumentException($"Unknown content '{description}'. Accepted: {Accepted}."),
        };
    }

    /// <summary>A generated image.</summary>
    public static UploadContent Image(int width, int height, ImageFormatName format) =>
        new($"{width}x{height} {format}", ImageFixtures.Create(width, height, format), format.ContentType());

    [GeneratedRegex("^(\\d+)x(\\d+) (PNG|JPEG|JPG)$", RegexOptions.IgnoreCase)]
    private static partial Regex ImageDescription();
}
