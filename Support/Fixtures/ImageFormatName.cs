namespace PipelineSpecs.Support.Fixtures;

/// <summary>The image formats the pipeline accepts, as a feature file names them.</summary>
public enum ImageFormatName
{
    /// <summary>Portable Network Graphics, <c>image/png</c>.</summary>
    Png,

    /// <summary>JPEG, <c>image/jpeg</c>.</summary>
    Jpeg,
}

/// <summary>Reads and describes <see cref="ImageFormatName"/> values.</summary>
public static class ImageFormatNames
{
    /// <summary>Parses a format as written in a feature file (<c>PNG</c>, <c>JPEG</c>, <c>JPG</c>).</summary>
    public static ImageFormatName Parse(string text) => text.Trim().ToUpperInvariant() switch
    {
        "PNG" => ImageFormatName.Png,
        "JPEG" or "JPG" => ImageFormatName.Jpeg,
        _ => throw new ArgumentException($"Unknown image format '{text}'. Accepted: PNG, JPEG, JPG.", nameof(text)),
    };

    /// <summary>The Content-Type an image of this format is served with.</summary>
    public static string ContentType(this ImageFormatName format) => format switch
    {
        ImageFormatName.Png => "image/png",
        _ => "image/jpeg",
    };
}
