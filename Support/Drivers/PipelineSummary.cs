using System.Text.Json;
using System.Text.Json.Serialization;

namespace PipelineSpecs.Support.Drivers;

/// <summary>
/// The JSON summary the pipeline publishes for each thumbnail, as a subscriber reads it. The suite keeps its own
/// shape of the contract instead of borrowing the function's types, so a change on either side is noticed.
/// </summary>
public sealed record PipelineSummary(SummaryImage Source, SummaryImage Thumbnail)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>Parses a message body; throws with the body when it is not a summary.</summary>
    public static PipelineSummary Parse(string body)
    {
        try
        {
            var summary = JsonSerializer.Deserialize<PipelineSummary>(body, Options);
            return summary is { Source: not null, Thumbnail: not null }
                ? summary
                : throw new InvalidDataException($"The message lacks 'source' or 'thumbnail': {body}");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"The message is not a JSON summary ({error.Message}): {body}", error);
        }
    }
}

/// <summary>One side of a summary: where the image is and how big it is.</summary>
public sealed record SummaryImage(string Bucket, string Key, int Width, int Height)
{
    /// <inheritdoc />
    public override string ToString() => $"s3://{Bucket}/{Key} {Width}x{Height}";
}
