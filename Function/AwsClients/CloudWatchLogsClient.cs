using System.Text;

namespace PipelineSpecs.Aws;

/// <summary>A CloudWatch Logs <c>FilterLogEvents</c> request; every page is read.</summary>
/// <param name="LogGroupName">The log group, such as <c>/aws/lambda/my-function</c>.</param>
/// <param name="FilterPattern">A filter pattern (<c>"ERROR"</c>, <c>{ $.level = "error" }</c>), or <c>null</c> for all
/// events.</param>
/// <param name="StartTime">Earliest event time (inclusive), or <c>null</c>.</param>
/// <param name="EndTime">Latest event time (exclusive), or <c>null</c>.</param>
/// <param name="LogStreamNames">Streams to search, or <c>null</c> for all.</param>
public sealed record FilterLogEventsRequest(
    string LogGroupName,
    string? FilterPattern = null,
    DateTimeOffset? StartTime = null,
    DateTimeOffset? EndTime = null,
    IReadOnlyList<string>? LogStreamNames = null);

/// <summary>One event <c>FilterLogEvents</c> matched.</summary>
/// <param name="LogStreamName">The stream it was written to.</param>
/// <param name="Timestamp">The event's time.</param>
/// <param name="Message">The event's text.</param>
/// <param name="IngestionTime">When CloudWatch Logs received it.</param>
/// <param name="EventId">The event id.</param>
public sealed record FilteredLogEvent(
    string LogStreamName,
    DateTimeOffset Timestamp,
    string Message,
    DateTimeOffset? IngestionTime,
    string? EventId);

/// <summary>One log group, as <c>DescribeLogGroups</c> returns it.</summary>
/// <param name="LogGroupName">The group's name.</param>
/// <param name="Arn">The group's ARN.</param>
/// <param name="CreationTime">When the group was created.</param>
/// <param name="RetentionInDays">Retention, or <c>null</c> for never expire.</param>
/// <param name="StoredBytes">Bytes stored, when reported.</param>
public sealed record LogGroup(
    string LogGroupName,
    string? Arn,
    DateTimeOffset? CreationTime,
    int? RetentionInDays,
    long? StoredBytes);

/// <summary>The CloudWatch Logs operations the suite uses.</summary>
public interface ICloudWatchLogsClient
{
    /// <summary>Finds the events of a log group that match a pattern (<c>FilterLogEvents</c>, all pages).</summary>
    /// <param name="request">What to search.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    Task<IReadOnlyList<FilteredLogEvent>> FilterLogEventsAsync(
        FilterLogEventsRequest request,
        CancellationToken cancellationToken = default);

    /// <summary>Lists log groups whose names start with a prefix (<c>DescribeLogGroups</c>, all pages).</summary>
    /// <param name="logGroupNamePrefix">The prefix, or <c>null</c> for every group.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    Task<IReadOnlyList<LogGroup>> DescribeLogGroupsAsync(
        string? logGroupNamePrefix = null,
        CancellationToken cancellationToken = default);
}

/// <summary>A client for Amazon CloudWatch Logs over the JSON 1.1 protocol.</summary>
public sealed class CloudWatchLogsClient : ICloudWatchLogsClient
{
    private readonly JsonProtocol _json;

    /// <summary>Creates a client for the endpoint <paramref name="config"/> resolves for service id <c>CloudWatch
    /// Logs</c>.</summary>
    /// <param name="config">Region, credentials and endpoints.</param>
    /// <param name="httpClient">The HTTP client to send with (not disposed), or <c>null</c> for a shared one.</param>
    public CloudWatchLogsClient(AwsClientConfig config, HttpClient? httpClient = null)
    {
        Transport = new AwsTransport(config, httpClient, "CloudWatch Logs", "logs", "logs");
        _json = new JsonProtocol(Transport, "Logs_20140328");
    }

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint => Transport.Endpoint;

    internal AwsTransport Transport { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FilteredLogEvent>> FilterLogEventsAsync(
        FilterLogEventsRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.LogGroupName);
        var wire = new FilterLogEventsWireRequest
        {
            LogGroupName = request.LogGroupName,
            FilterPattern = request.FilterPattern,
            StartTime = request.StartTime?.ToUnixTimeMilliseconds(),
            EndTime = request.EndTime?.ToUnixTimeMilliseconds(),
            LogStreamNames = request.LogStreamNames?.ToList(),
        };
        var events = new List<FilteredLogEvent>();
        string? previousToken = null;
        while (true)
        {
            var page = await _json.SendAsync(
                    "FilterLogEvents",
                    wire,
                    LogsJsonContext.Default.FilterLogEventsWireRequest,
                    LogsJsonContext.Default.FilterLogEventsWireResponse,
                    cancellationToken)
                .ConfigureAwait(false);
            events.AddRange((page.Events ?? []).Select(e => new FilteredLogEvent(
                e.LogStreamName ?? string.Empty,
                DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp ?? 0),
                e.Message ?? string.Empty,
                e.IngestionTime is { } ingested ? DateTimeOffset.FromUnixTimeMilliseconds(ingested) : null,
                e.EventId)));

            // The service can hand back the token it was given once the search is exhausted; stop there too.
            if (string.IsNullOrEmpty(page.NextToken) || page.NextToken == previousToken)
            {
                return events;
            }

            previousToken = page.NextToken;
            wire.NextToken = page.NextToken;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogGroup>> DescribeLogGroupsAsync(
        string? logGroupNamePrefix = null,
        CancellationToken cancellationToken = default)
    {
        var wire = new DescribeLogGroupsWireRequest { LogGroupNamePrefix = logGroupNamePrefix };
        var groups = new List<LogGroup>();
        while (true)
        {
            var page = await _json.SendAsync(
                    "DescribeLogGroups",
                    wire,
                    LogsJsonContext.Default.DescribeLogGroupsWireRequest,
                    LogsJsonContext.Default.DescribeLogGroupsWireResponse,
                    cancellationToken)
                .ConfigureAwait(false);
            groups.AddRange((page.LogGroups ?? []).Select(g => new LogGroup(
                g.LogGroupName ?? string.Empty,
                g.Arn,
                g.CreationTime is { } created ? DateTimeOffset.FromUnixTimeMilliseconds(created) : null,
                g.RetentionInDays,
                g.StoredBytes)));
            if (string.IsNullOrEmpty(page.NextToken) || page.NextToken == wire.NextToken)
            {
                return groups;
            }

            wire.NextToken = page.NextToken;
        }
    }

    /// <summary>Any Logs operation with a JSON body, for test fixtures (CreateLogGroup, PutLogEvents, ...).</summary>
    internal Task<byte[]> SendAsync(string operation, string json, CancellationToken cancellationToken) =>
        _json.SendRawAsync(operation, Encoding.UTF8.GetBytes(json), cancellationToken);
}
