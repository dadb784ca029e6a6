using System.Text.Json;
using PipelineSpecs.Aws;
using PipelineSpecs.Support.Fixtures;
using PipelineSpecs.Support.Lifecycle;
using PipelineSpecs.Support.Polling;
using Reqnroll;

namespace PipelineSpecs.Support.Drivers;

/// <summary>
/// Asks the fault stack's function for a fault on one upload (user metadata <c>fault</c>, honoured only where
/// Terraform's <c>fault_injection</c> is true) and reads from CloudWatch Logs what Lambda did about it: which
/// request it was, in which instance's log stream, and how that request ended.
/// </summary>
public sealed class FunctionFaultDriver(
    PipelineRun run, ScenarioStack stacks, AwsClientFactory clients, UploadDriver uploads, IReqnrollOutputHelper output)
{
    /// <summary>The owner of the fault stack, shared by every scenario of the fault feature.</summary>
    public const string StackOwner = "feature The pipeline recovers from function faults";

    /// <summary>The fault stack's function timeout: long enough for a cold start, short enough to wait for.</summary>
    public const int TimeoutSeconds = 5;

    /// <summary>Terraform variables of the fault stack. Like every stack the suite deploys, it counts in a metric
    /// namespace of its own (<see cref="TerraformStack"/>).</summary>
    public static readonly IReadOnlyDictionary<string, string> StackVariables = new Dictionary<string, string>
    {
        ["timeout"] = TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["fault_injection"] = "true",
    };

    /// <summary>Uploads <paramref name="content"/> whose metadata asks the function for <paramref name="fault"/>.</summary>
    public Task<UploadedObject> UploadAskingForAsync(
        string name, UploadContent content, FaultRequest fault, CancellationToken cancellationToken) =>
        uploads.UploadAsync(
            name, content, cancellationToken, new Dictionary<string, string> { ["fault"] = fault.MetadataValue });

    /// <summary>
    /// Waits for the function's "fault injected" line about <paramref name="upload"/>, then for the line in which
    /// Lambda ends that request (<paramref name="ending"/>, such as <c>Task timed out after</c>), and returns both.
    /// </summary>
    public async Task<FaultEnding> WaitForEndingAsync(
        UploadedObject upload, string ending, CancellationToken cancellationToken)
    {
        var injected = await WaitForEventAsync(
            $"the function's 'fault injected' line about {upload.Key}", upload.UploadedAt,
            logEvent => logEvent.Message.Contains("fault injected", StringComparison.Ordinal) &&
                        logEvent.Message.Contains(JsonSerializer.Serialize(upload.Key), StringComparison.Ordinal),
            cancellationToken);
        var requestId = RequestIdOf(injected.Message);

        var end = await WaitForEventAsync(
            $"Lambda's '{ending}' line for request {requestId} ({upload.Key})", upload.UploadedAt,
            logEvent => logEvent.Message.Contains(requestId, StringComparison.Ordinal) &&
                        logEvent.Message.Contains(ending, StringComparison.Ordinal),
            cancellationToken);

        output.WriteLine($"Request {requestId} for {upload.Key} ran in instance stream {injected.LogStreamName}; " +
                         $"{(end.Timestamp - injected.Timestamp).TotalSeconds:0.0} s after the fault, Lambda logged: " +
                         end.Message);
        return new FaultEnding(requestId, injected.LogStreamName, end.Message);
    }

    /// <summary>The log stream (one per Lambda instance) in which the function reported success for
    /// <paramref name="upload"/>.</summary>
    public async Task<string> StreamThatProcessedAsync(UploadedObject upload, CancellationToken cancellationToken)
    {
        var succeeded = await WaitForEventAsync(
            $"the function's 'record succeeded' line about {upload.Key}", upload.UploadedAt,
            logEvent => logEvent.Message.Contains("record succeeded", StringComparison.Ordinal) &&
                        logEvent.Message.Contains(JsonSerializer.Serialize(upload.Key), StringComparison.Ordinal),
            cancellationToken);
        return succeeded.LogStreamName;
    }

    private async Task<FilteredLogEvent> WaitForEventAsync(
        string awaited, DateTimeOffset since, Func<FilteredLogEvent, bool> matches, CancellationToken cancellationToken)
    {
        var stack = await stacks.GetAsync(cancellationToken);

        // A timeout is reported only once the function's timeout has passed: wait that long on top of the budget.
        var events = await Eventually.UntilAsync(
            $"{awaited} in {stack.LogGroupName}",
            run.Settings.WaitBudget + TimeSpan.FromSeconds(TimeoutSeconds),
            token => clients.Logs.FilterLogEventsAsync(
                new FilterLogEventsRequest(stack.LogGroupName, StartTime: since.AddSeconds(-1)), token),
            found => found.Any(matches),
            found => $"{found.Count} log event(s), none matching; last: " +
                     string.Join(" | ", found.TakeLast(3).Select(logEvent => logEvent.Message)),
            cancellationToken);
        return events.First(matches);
    }

    private static string RequestIdOf(string jsonLine) =>
        JsonDocument.Parse(jsonLine).RootElement.TryGetProperty("requestId", out var id) && id.GetString() is { } text
            ? text
            : throw new InvalidDataException($"The function's log line has no requestId: {jsonLine}");
}

/// <summary>How a faulted request ended: its id, its instance's log stream, and Lambda's line about its end.</summary>
public sealed record FaultEnding(string RequestId, string LogStream, string LambdaLine);

/// <summary>A fault a scenario asks the function for, as the feature words it and as the function reads it from
/// the upload's <c>x-amz-meta-fault</c>.</summary>
public sealed record FaultRequest(string MetadataValue)
{
    /// <summary>The invocation runs past the function's timeout.</summary>
    public static readonly FaultRequest Timeout = new("timeout");

    /// <summary>The process aborts in the middle of the invocation.</summary>
    public static readonly FaultRequest Crash = new("crash");

    /// <summary>The thumbnail is stored, then the summary publish fails.</summary>
    public static readonly FaultRequest SummaryPublish = new("summary-publish");

    /// <summary>The request a feature's wording stands for.</summary>
    /// <exception cref="ArgumentException">The wording is not one the fault feature uses.</exception>
    public static FaultRequest FromWording(string wording) => wording switch
    {
        "overrun its timeout" => Timeout,
        "crash" => Crash,
        "fail its summary" => SummaryPublish,
        _ => throw new ArgumentException(
            $"No fault is worded '{wording}'; expected overrun its timeout, crash or fail its summary.",
            nameof(wording)),
    };
}
