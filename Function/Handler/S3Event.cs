using System.Text.Json.Serialization;

namespace PipelineSpecs.Function.Handler;

/// <summary>The subset of an S3 event notification the function reads.</summary>
/// <remarks>
/// <c>s3:TestEvent</c>, which S3 sends when a notification is configured, has no <c>Records</c>; hence nullable.
/// A direct invoke may send anything, a null record among it; hence nullable records.
/// </remarks>
public sealed record S3Event(
    [property: JsonPropertyName("Records")] IReadOnlyList<S3EventRecord?>? Records);

/// <summary>One object-level event.</summary>
public sealed record S3EventRecord(
    [property: JsonPropertyName("eventName")] string? EventName,
    [property: JsonPropertyName("s3")] S3Entity? S3);

/// <summary>The bucket and object of a record.</summary>
public sealed record S3Entity(
    [property: JsonPropertyName("bucket")] S3BucketEntity? Bucket,
    [property: JsonPropertyName("object")] S3ObjectEntity? Object);

/// <summary>The bucket a record refers to.</summary>
public sealed record S3BucketEntity([property: JsonPropertyName("name")] string? Name);

/// <summary>The object a record refers to; <see cref="Key"/> is URL-encoded as S3 sends it.</summary>
public sealed record S3ObjectEntity(
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("size")] long? Size);
