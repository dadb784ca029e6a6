using System.Text.Json;
using System.Text.Json.Nodes;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>S3 event notifications shaped as S3 sends them (keys already URL-encoded by the caller).</summary>
internal static class S3Events
{
    public static string ObjectCreated(string bucket, params string[] encodedKeys) =>
        WithEventName("ObjectCreated:Put", bucket, encodedKeys);

    /// <summary>An event of the given name, such as <c>ObjectCreated:Copy</c> for a server-side copy.</summary>
    public static string WithEventName(string eventName, string bucket, params string[] encodedKeys)
    {
        var records = new JsonArray();
        foreach (var key in encodedKeys)
        {
            records.Add(Record(eventName, bucket, key));
        }

        return new JsonObject { ["Records"] = records }.ToJsonString();
    }

    /// <summary>What S3 sends once when a notification configuration is saved: no Records.</summary>
    public static string TestEvent(string bucket) => JsonSerializer.Serialize(new
    {
        Service = "Amazon S3",
        Event = "s3:TestEvent",
        Time = "2026-01-01T00:00:00.000Z",
        Bucket = bucket,
        RequestId = "5582815E1AEA5ADF",
        HostId = "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE",
    });

    private static JsonObject Record(string eventName, string bucket, string encodedKey) => new()
    {
        ["eventVersion"] = "2.1",
        ["eventSource"] = "aws:s3",
        ["awsRegion"] = "us-east-1",
        ["eventTime"] = "2026-01-01T00:00:00.000Z",
        ["eventName"] = eventName,
        ["s3"] = new JsonObject
        {
            ["s3SchemaVersion"] = "1.0",
            ["bucket"] = new JsonObject { ["name"] = bucket, ["arn"] = $"arn:aws:s3:::{bucket}" },
            ["object"] = new JsonObject { ["key"] = encodedKey, ["size"] = 1024, ["eTag"] = "0123456789abcdef" },
        },
    };
}
