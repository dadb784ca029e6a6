using System.Text.Json.Serialization;

namespace PipelineSpecs.Function.Handler;

/// <summary>What one invocation returns: <c>{"processed":N,"results":[...]}</c>.</summary>
/// <param name="Processed">Records handled: succeeded, failed and skipped together.</param>
/// <param name="Results">One entry per record, in event order.</param>
public sealed record ThumbnailResponse(int Processed, IReadOnlyList<RecordResult> Results);

/// <summary>The outcome of one record.</summary>
/// <param name="Bucket">Source bucket.</param>
/// <param name="Key">Decoded source key.</param>
/// <param name="Status"><c>succeeded</c>, <c>failed</c> or <c>skipped</c>.</param>
/// <param name="Thumbnail">The stored thumbnail, when succeeded.</param>
/// <param name="Error">Why the record failed or was skipped.</param>
public sealed record RecordResult(
    string Bucket,
    string Key,
    string Status,
    ThumbnailInfo? Thumbnail = null,
    string? Error = null);

/// <summary>Values of <see cref="RecordResult.Status"/>.</summary>
public static class RecordStatus
{
    /// <summary>The thumbnail was stored, the summary published and the metric added.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Something went wrong; <see cref="RecordResult.Error"/> says what.</summary>
    public const string Failed = "failed";

    /// <summary>Deliberately not processed, such as a thumbnail triggering its own event.</summary>
    public const string Skipped = "skipped";
}

/// <summary>The JSON summary published to SNS for each thumbnail.</summary>
public sealed record ThumbnailSummary(SourceInfo Source, ThumbnailInfo Thumbnail);

/// <summary>The source image, with its upright (EXIF-oriented) dimensions.</summary>
public sealed record SourceInfo(string Bucket, string Key, int Width, int Height, string Format);

/// <summary>The stored thumbnail.</summary>
public sealed record ThumbnailInfo(
    string Bucket,
    string Key,
    int Width,
    int Height,
    string Format,
    string ContentType);

/// <summary>Source-generated JSON metadata, so the function needs no reflection (trimming and Native AOT).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(S3Event))]
[JsonSerializable(typeof(ThumbnailResponse))]
[JsonSerializable(typeof(ThumbnailSummary))]
public sealed partial class FunctionJsonContext : JsonSerializerContext;
