namespace PipelineSpecs.Function.Handler;

/// <summary>The image library that makes thumbnails, chosen by <c>THUMBNAIL_ENGINE</c>.</summary>
public enum ThumbnailEngine
{
    /// <summary>ImageSharp 2.1, managed code only: the default.</summary>
    ImageSharp,

    /// <summary>
    /// libvips through NetVips: 6-7 times faster on a 12-megapixel JPEG, because it shrinks while it decodes,
    /// at the cost of its native library in the zip (bench/README.md).
    /// </summary>
    Libvips,
}

/// <summary>What each <see cref="ThumbnailEngine"/> needs from the rest of the function.</summary>
public static class ThumbnailEngines
{
    /// <summary>The <see cref="MakeThumbnail"/> of <paramref name="engine"/>.</summary>
    public static MakeThumbnail MakerFor(ThumbnailEngine engine) => engine switch
    {
        ThumbnailEngine.Libvips => VipsThumbnailMaker.Make,
        _ => ThumbnailMaker.Make,
    };

    /// <summary>The engine's name as <c>THUMBNAIL_ENGINE</c> spells it.</summary>
    public static string NameOf(ThumbnailEngine engine) => engine switch
    {
        ThumbnailEngine.Libvips => "libvips",
        _ => "imagesharp",
    };

    /// <summary>
    /// Loads the engine's native library, if it has one, so a package without it fails at start-up with an init
    /// error rather than on every upload.
    /// </summary>
    /// <exception cref="InvalidOperationException">The native library cannot be loaded.</exception>
    public static void EnsureLoaded(ThumbnailEngine engine)
    {
        if (engine == ThumbnailEngine.Libvips)
        {
            VipsThumbnailMaker.EnsureLoaded();
        }
    }
}
