using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PipelineSpecs.Aws;
using PipelineSpecs.Support.Lifecycle;
using PipelineSpecs.Support.Polling;
using Reqnroll;

namespace PipelineSpecs.Support.Drivers;

/// <summary>Talks to the function itself: direct invocations, and what its logs say it did.</summary>
public sealed class InvocationDriver(
    PipelineRun run, ScenarioStack stacks, AwsClientFactory clients, IReqnrollOutputHelper output)
{
    // The level value of the function's JSON log lines at ERROR (Function/JsonLogger.cs).
    private const string ErrorLevel = "\"ERROR\"";

    /// <summary>
    /// Invokes the function synchronously with an S3 event naming <paramref name="keys"/> in the incoming bucket,
    /// encoded as S3 encodes keys in events, and returns the function's response.
    /// </summary>
    public async Task<InvocationResponse> InvokeWithS3EventAsync(
        IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var stack = await stacks.GetAsync(cancellationToken);
        var payload = Encoding.UTF8.GetBytes(S3EventFor(stack.IncomingBucket, keys).ToJsonString());

        var result = await clients.Lambda.InvokeAsync(stack.FunctionName, payload, cancellationToken: cancellationToken);
        var body = Encoding.UTF8.GetString(result.Payload);
        output.WriteLine($"Invoked {stack.FunctionName} with {keys.Count} record(s): HTTP {result.StatusCode}, " +
                         $"function error {result.FunctionError ?? "none"}, response {body}");

        return result.FunctionError is null
            ? InvocationResponse.Parse(body)
            : throw new InvalidOperationException(
                $"The function failed as a whole ({result.FunctionError}) instead of per record: {body}");
    }

    /// <summary>
    /// The function's log lines since <paramref name="since"/> that mention <paramref name="key"/>. Lambda writes
    /// them to CloudWatch Logs on AWS; the embedded emulator ships them there too.
    /// </summary>
    public async Task<IReadOnlyList<string>> LogLinesMentioningAsync(
        string key, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var stack = await stacks.GetAsync(cancellationToken);
        var events = await clients.Logs.FilterLogEventsAsync(
            new FilterLogEventsRequest(stack.LogGroupName, StartTime: since.AddSeconds(-1)), cancellationToken);

        var quotedKey = JsonSerializer.Serialize(key);
        return events
            .Select(logEvent => logEvent.Message)
            .Where(message => message.Contains(quotedKey, StringComparison.Ordinal) ||
                              message.Contains(key, StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>Waits until the function's logs mention <paramref name="key"/>; proof that it ran for it.</summary>
    public Task<IReadOnlyList<string>> WaitForLogLinesMentioningAsync(
        string key, DateTimeOffset since, CancellationToken cancellationToken) =>
        WaitForLogLineAsync(key, since, "any line", _ => true, cancellationToken);

    /// <summary>
    /// Waits until one of the function's log lines about <paramref name="key"/> satisfies <paramref name="wanted"/>
    /// (described as <paramref name="description"/>), and returns every line about the key seen by then. Log
    /// lines arrive one by one, so a check must wait for the line it wants, not for the first line about the key.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForLogLineAsync(
        string key,
        DateTimeOffset since,
        string description,
        Func<string, bool> wanted,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<string> lines;
        try
        {
            lines = await Eventually.UntilAsync(
                $"a log line of the function about {key}: {description}",
                run.Settings.WaitBudget,
                token => LogLinesMentioningAsync(key, since, token),
                found => found.Any(wanted),
                found => $"{found.Count} line(s) about the key, none of them {description}: " +
                         string.Join(" | ", found.TakeLast(5)),
                cancellationToken);
        }
        catch (WaitTimeoutException timeout)
        {
            throw new WaitTimeoutException(
                $"{timeout.Message}\n{await ErrorsSinceAsync(since, FolderOf(key), cancellationToken)}");
        }

        output.WriteLine($"The function's log about {key}:\n{string.Join('\n', lines)}");
        return lines;
    }

    /// <summary>
    /// Waits for an ERROR line of the function about <paramref name="upload"/> that contains <paramref name="text"/>
    /// (described as <paramref name="description"/> in a failure).
    /// </summary>
    public Task<IReadOnlyList<string>> WaitForErrorLineAsync(
        UploadedObject upload, string text, string description, CancellationToken cancellationToken) =>
        WaitForLogLineAsync(
            upload.Key, upload.UploadedAt, description,
            line => line.Contains(ErrorLevel, StringComparison.Ordinal) && line.Contains(text, StringComparison.Ordinal),
            cancellationToken);

    /// <summary>
    /// What the function said at ERROR level since <paramref name="since"/> about keys containing
    /// <paramref name="mentioning"/> (the scenario's folder), for a failure message; when none mentions it (an error
    /// that escaped the handler names no key), the last errors of the window instead.
    /// </summary>
    public async Task<string> ErrorsSinceAsync(DateTimeOffset since, string mentioning, CancellationToken cancellationToken)
    {
        var stack = await stacks.GetAsync(cancellationToken);
        var events = await clients.Logs.FilterLogEventsAsync(
            new FilterLogEventsRequest(stack.LogGroupName, StartTime: since.AddSeconds(-1)), cancellationToken);
        var errors = events
            .Select(logEvent => logEvent.Message)
            .Where(message => message.Contains(ErrorLevel, StringComparison.Ordinal) ||
                              message.Contains("Task timed out", StringComparison.Ordinal))
            .ToList();
        var ours = errors.Where(message => message.Contains(mentioning, StringComparison.Ordinal)).TakeLast(5).ToList();

        // Whether the function saw the scenario's files at all tells routing (never invoked) from handling apart.
        var mentions = events.Count(logEvent => logEvent.Message.Contains(mentioning, StringComparison.Ordinal));
        var seen = mentions == 0
            ? $"No line of the function mentions {mentioning}: it was not invoked for this scenario's files."
            : $"{mentions} lines of the function mention {mentioning}.";

        return (ours.Count, errors.Count) switch
        {
            (> 0, _) => $"The function's errors about {mentioning}:\n{string.Join('\n', ours)}",
            (_, 0) => $"The function logged no error in {stack.LogGroupName} since {since:HH:mm:ss}. {seen}",
            _ => $"No error of the function names {mentioning}; {seen} Its last errors in {stack.LogGroupName}:\n" +
                 string.Join('\n', errors.TakeLast(5)),
        };
    }

    /// <summary>The folder part of a key, such as <c>sc-3f9a1c/</c>: what ties a log line to its scenario.</summary>
    public static string FolderOf(string key) => key[..(key.IndexOf('/') + 1)];

    private static JsonObject S3EventFor(string bucket, IReadOnlyList<string> keys) => new()
    {
        ["Records"] = new JsonArray(keys.Select(key => (JsonNode)new JsonObject
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["eventName"] = "ObjectCreated:Put",
            ["s3"] = new JsonObject
            {
                ["bucket"] = new JsonObject { ["name"] = bucket, ["arn"] = $"arn:aws:s3:::{bucket}" },
                ["object"] = new JsonObject { ["key"] = S3EventKeys.Encode(key) },
            },
        }).ToArray()),
    };
}

/// <summary>The function's response to an invocation: <c>{"processed":N,"results":[...]}</c>.</summary>
public sealed record InvocationResponse(int Processed, IReadOnlyList<InvocationRecordResult> Results, string Raw)
{
    /// <summary>Reads the response body.</summary>
    public static InvocationResponse Parse(string body)
    {
        var root = JsonNode.Parse(body) ?? throw new InvalidDataException($"Empty response: '{body}'");
        var results = root["results"]?.AsArray()
            .Select(item => new InvocationRecordResult(
                (string?)item?["key"] ?? "",
                (string?)item?["status"] ?? "",
                (string?)item?["error"],
                (string?)item?["thumbnail"]?["key"]))
            .ToList() ?? [];

        return new InvocationResponse((int?)root["processed"] ?? -1, results, body);
    }
}

/// <summary>One record's outcome in an invocation response; <paramref name="ThumbnailKey"/> is set whenever a
/// thumbnail was stored, even for a record that failed after storing it.</summary>
public sealed record InvocationRecordResult(string Key, string Status, string? Error, string? ThumbnailKey = null);

/// <summary>How S3 writes object keys into event notifications.</summary>
public static class S3EventKeys
{
    /// <summary>
    /// Encodes <paramref name="key"/> as S3 does in events: form encoding, with a space as <c>+</c> and a literal
    /// plus as <c>%2B</c>; slashes stay readable as in real notifications.
    /// </summary>
    public static string Encode(string key) =>
        string.Join('/', key.Split('/').Select(System.Net.WebUtility.UrlEncode));
}
