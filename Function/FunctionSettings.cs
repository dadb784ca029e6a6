using System.Globalization;

namespace PipelineSpecs.Function;

/// <summary>The function's configuration, parsed once from its environment at start-up.</summary>
/// <param name="ProcessedBucket">Bucket that receives the thumbnails.</param>
/// <param name="SnsTopicArn">Topic that receives the JSON summaries.</param>
/// <param name="MetricNamespace">CloudWatch namespace of <c>FilesProcessed</c>.</param>
/// <param name="ThumbnailMaxDim">Longest side of a thumbnail, in pixels.</param>
public sealed record FunctionSettings(
    string ProcessedBucket,
    string SnsTopicArn,
    string MetricNamespace,
    int ThumbnailMaxDim = FunctionSettings.DefaultThumbnailMaxDim)
{
    /// <summary>Longest side of a thumbnail when <c>THUMBNAIL_MAX_DIM</c> is not set.</summary>
    public const int DefaultThumbnailMaxDim = 128;

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
            MaxDim(lookup(EnvironmentVariables.ThumbnailMaxDim)));
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
