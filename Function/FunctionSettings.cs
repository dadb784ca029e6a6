using System.Globalization;
using PipelineSpecs.Function.Handler;

namespace PipelineSpecs.Function;

/// <summary>The function's configuration, parsed once from its environment at start-up.</summary>
/// <param name="ProcessedBucket">Bucket that receives the thumbnails.</param>
/// <param name="SnsTopicArn">Topic that receives the JSON summaries.</param>
/// <param name="MetricNamespace">CloudWatch namespace of <c>FilesProcessed</c>.</param>
/// <param name="ThumbnailMaxDim">Longest side of a thumbnail, in pixels.</param>
/// <param name="MaxSourcePixels">Largest declared width times height the function agrees to decode.</param>
/// <param name="FaultInjection">Whether an upload's metadata may ask for a fault (the suite's fault stack only).</param>
/// <param name="ThumbnailEngine">The image library that makes thumbnails.</param>
/// <param name="MaxSourceBytes">Largest upload, in bytes, the function agrees to download.</param>
public sealed record FunctionSettings(
    string ProcessedBucket,
    string SnsTopicArn,
    string MetricNamespace,
    int ThumbnailMaxDim = FunctionSettings.DefaultThumbnailMaxDim,
    long MaxSourcePixels = FunctionSettings.DefaultMaxSourcePixels,
    bool FaultInjection = false,
    ThumbnailEngine ThumbnailEngine = ThumbnailEngine.ImageSharp,
    long MaxSourceBytes = FunctionSettings.DefaultMaxSourceBytes)
{
    /// <summary>Longest side of a thumbnail when <c>THUMBNAIL_MAX_DIM</c> is not set.</summary>
    public const int DefaultThumbnailMaxDim = 128;

    /// <summary>Memory size assumed outside Lambda, which always says: the size <c>infra/</c> deploys.</summary>
    public const int DefaultMemorySizeMb = 512;

    /// <summary>
    /// Memory kept for everything but the decoded pixels: the .NET runtime and SDK clients (about 60 MB measured)
    /// and the downloaded upload itself, held in memory while it is decoded (a 24-megapixel photo is 10-30 MB).
    /// </summary>
    public const int ReservedMemoryMb = 192;

    /// <summary>The part of <see cref="ReservedMemoryMb"/> the .NET runtime and SDK clients take, rounded up.</summary>
    public const int RuntimeMemoryMb = 64;

    /// <summary>
    /// The largest upload when <c>MAX_SOURCE_BYTES</c> is not set: the rest of <see cref="ReservedMemoryMb"/>,
    /// 128 MB, which is kept for the downloaded file. A 24-megapixel photo is 10-30 MB and a 33-megapixel 8-bit
    /// PNG photo under 100 MB; the limit does not grow with the memory size because the reserve does not either.
    /// </summary>
    public const long DefaultMaxSourceBytes = (ReservedMemoryMb - RuntimeMemoryMb) * 1024L * 1024;

    /// <summary>
    /// Worst-case bytes per source pixel while a thumbnail is made: 4 for the decoded RGBA image, plus up to 6
    /// for a progressive 4:4:4 JPEG's coefficients, which the decoder keeps for the whole picture.
    /// Measured on the thumbnail path (process peak working set, runtime included): a 24-megapixel JPEG peaks at
    /// 166 MB, a 24-megapixel 16-bit RGBA PNG at 167 MB, about 4.6 bytes per pixel above the idle 55 MB.
    /// </summary>
    public const int BytesPerSourcePixel = 10;

    /// <summary>The pixel limit for <see cref="DefaultMemorySizeMb"/>: 33,554,432 pixels (33.5 megapixels).</summary>
    public const long DefaultMaxSourcePixels =
        (DefaultMemorySizeMb - ReservedMemoryMb) * 1024L * 1024 / BytesPerSourcePixel;

    /// <summary>
    /// The largest source, in pixels, that fits a function of <paramref name="memorySizeMb"/> MB with the
    /// margins above; a function too small for any picture still accepts a 1-megapixel one.
    /// </summary>
    public static long MaxSourcePixelsFor(int memorySizeMb) =>
        Math.Max(1_000_000, (memorySizeMb - ReservedMemoryMb) * 1024L * 1024 / BytesPerSourcePixel);

    /// <summary>Reads the settings from the process environment.</summary>
    /// <exception cref="SettingsException">A variable is missing or malformed.</exception>
    public static FunctionSettings FromEnvironment() => FromLookup(Environment.GetEnvironmentVariable);

    /// <summary>Reads the settings through <paramref name="lookup"/>; tests need not touch the environment.</summary>
    /// <exception cref="SettingsException">A variable is missing or malformed.</exception>
    public static FunctionSettings FromLookup(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return new FunctionSettings(
            Required(lookup, EnvironmentVariables.ProcessedBucket, "an S3 bucket name"),
            Required(lookup, EnvironmentVariables.SnsTopicArn, "an SNS topic ARN"),
            Required(lookup, EnvironmentVariables.MetricNamespace, "a CloudWatch namespace"),
            MaxDim(lookup(EnvironmentVariables.ThumbnailMaxDim)),
            MaxPixels(lookup(EnvironmentVariables.MaxSourcePixels), lookup(EnvironmentVariables.FunctionMemorySize)),
            Faults(lookup(EnvironmentVariables.FaultInjection)),
            Engine(lookup(EnvironmentVariables.ThumbnailEngine)),
            MaxBytes(lookup(EnvironmentVariables.MaxSourceBytes)));
    }

    private static string Required(Func<string, string?> lookup, string name, string expected)
    {
        var value = lookup(name);
        return string.IsNullOrWhiteSpace(value)
            ? throw new SettingsException($"{name} is not set; expected {expected}.")
            : value.Trim();
    }

    private static int MaxDim(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultThumbnailMaxDim;
        }

        var parsed = int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var dim);
        return parsed && dim > 0
            ? dim
            : throw new SettingsException(
                $"{EnvironmentVariables.ThumbnailMaxDim} is '{value}'; expected a positive whole number of pixels " +
                $"such as 128, or unset for the default {DefaultThumbnailMaxDim}.");
    }

    private static bool Faults(string? value) => value?.Trim() switch
    {
        null or "" or "disabled" => false,
        "enabled" => true,
        _ => throw new SettingsException(
            $"{EnvironmentVariables.FaultInjection} is '{value}'; expected enabled or disabled, or unset (disabled)."),
    };

    private static ThumbnailEngine Engine(string? value) => value?.Trim() switch
    {
        null or "" or "imagesharp" => ThumbnailEngine.ImageSharp,
        "libvips" => ThumbnailEngine.Libvips,
        _ => throw new SettingsException(
            $"{EnvironmentVariables.ThumbnailEngine} is '{value}'; expected imagesharp or libvips, " +
            "or unset (imagesharp)."),
    };

    // At most Array.MaxLength: the upload is read into one array.
    private static long MaxBytes(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultMaxSourceBytes;
        }

        var ok = long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes);
        return ok && bytes > 0 && bytes <= Array.MaxLength
            ? bytes
            : throw new SettingsException(
                $"{EnvironmentVariables.MaxSourceBytes} is '{value}'; expected a whole number of bytes from 1 to " +
                $"{Array.MaxLength} such as 67108864 (64 MB), or unset for the default {DefaultMaxSourceBytes} " +
                "(128 MB).");
    }

    private static long MaxPixels(string? value, string? memorySize)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            // Lambda always sets the memory size; a value we cannot read falls back to what infra/ deploys.
            var parsed = int.TryParse(memorySize, NumberStyles.None, CultureInfo.InvariantCulture, out var mb);
            return MaxSourcePixelsFor(parsed && mb > 0 ? mb : DefaultMemorySizeMb);
        }

        var ok = long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pixels);
        return ok && pixels > 0
            ? pixels
            : throw new SettingsException(
                $"{EnvironmentVariables.MaxSourcePixels} is '{value}'; expected a positive whole number of pixels " +
                "such as 40000000, or unset to derive it from the function's memory size.");
    }
}

/// <summary>The function's environment is missing a setting or holds a malformed one.</summary>
public sealed class SettingsException : Exception
{
    /// <summary>Creates the exception with a message naming the variable, its value and what is accepted.</summary>
    public SettingsException(string message)
        : base(message)
    {
    }
}
