using System.Xml.Linq;

namespace PipelineSpecs.Aws;

/// <summary>One metric value for <c>PutMetricData</c>.</summary>
/// <param name="MetricName">The metric's name, such as <c>FilesProcessed</c>.</param>
/// <param name="Value">The value.</param>
/// <param name="Unit">The unit, as CloudWatch spells it (<c>Count</c>, <c>Milliseconds</c>, <c>Bytes</c>, ...).</param>
/// <param name="Timestamp">When the value was observed; <c>null</c> lets CloudWatch use the time it receives
/// it.</param>
/// <param name="Dimensions">Dimension names and values, or <c>null</c>.</param>
public sealed record MetricDatum(
    string MetricName,
    double Value,
    string Unit = "Count",
    DateTimeOffset? Timestamp = null,
    IReadOnlyDictionary<string, string>? Dimensions = null);

/// <summary>A statistic <c>GetMetricStatistics</c> can return.</summary>
public enum MetricStatistic
{
    /// <summary>The number of values.</summary>
    SampleCount,

    /// <summary>The mean of the values.</summary>
    Average,

    /// <summary>The sum of the values.</summary>
    Sum,

    /// <summary>The smallest value.</summary>
    Minimum,

    /// <summary>The largest value.</summary>
    Maximum,
}

/// <summary>A CloudWatch <c>GetMetricStatistics</c> request.</summary>
/// <param name="Namespace">The metric namespace.</param>
/// <param name="MetricName">The metric name.</param>
/// <param name="StartTime">Start of the window (inclusive).</param>
/// <param name="EndTime">End of the window (exclusive).</param>
/// <param name="PeriodSeconds">The period of each data point, in seconds (60 or a multiple of 60).</param>
/// <param name="Statistics">The statistics to return.</param>
/// <param name="Dimensions">Dimensions the data must carry exactly, or <c>null</c>.</param>
/// <param name="Unit">The unit to filter on, or <c>null</c>.</param>
public sealed record GetMetricStatisticsRequest(
    string Namespace,
    string MetricName,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    int PeriodSeconds,
    IReadOnlyList<MetricStatistic> Statistics,
    IReadOnlyDictionary<string, string>? Dimensions = null,
    string? Unit = null);

/// <summary>One data point of <c>GetMetricStatistics</c>; statistics not requested are <c>null</c>.</summary>
/// <param name="Timestamp">Start of the period.</param>
/// <param name="SampleCount">The number of values.</param>
/// <param name="Average">The mean.</param>
/// <param name="Sum">The sum.</param>
/// <param name="Minimum">The minimum.</param>
/// <param name="Maximum">The maximum.</param>
/// <param name="Unit">The unit.</param>
public sealed record Datapoint(
    DateTimeOffset Timestamp,
    double? SampleCount,
    double? Average,
    double? Sum,
    double? Minimum,
    double? Maximum,
    string? Unit);

/// <summary>The CloudWatch metric operations the pipeline and its suite use.</summary>
public interface ICloudWatchClient
{
    /// <summary>Writes metric values (CloudWatch <c>PutMetricData</c>, split into requests of 1000 values).</summary>
    /// <param name="metricNamespace">The namespace, such as <c>PipelineSpecs</c>.</param>
    /// <param name="data">The values.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    Task PutMetricDataAsync(
        string metricNamespace,
        IReadOnlyList<MetricDatum> data,
        CancellationToken cancellationToken = default);

    /// <summary>Reads statistics of a metric (CloudWatch <c>GetMetricStatistics</c>), data points in time
    /// order.</summary>
    /// <param name="request">What to read.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<IReadOnlyList<Datapoint>> GetMetricStatisticsAsync(
        GetMetricStatisticsRequest request,
        CancellationToken cancellationToken = default);
}

/// <summary>A client for Amazon CloudWatch metrics over the Query protocol.</summary>
public sealed class CloudWatchClient : ICloudWatchClient
{
    // PutMetricData accepts up to 1000 metrics per request.
    private const int MaxDataPerRequest = 1000;

    private readonly QueryProtocol _query;

    /// <summary>Creates a client for the endpoint <paramref name="config"/> resolves for service id
    /// <c>CloudWatch</c>.</summary>
    /// <param name="config">Region, credentials and endpoints.</param>
    /// <param name="httpClient">The HTTP client to send with (not disposed), or <c>null</c> for a shared one.</param>
    public CloudWatchClient(AwsClientConfig config, HttpClient? httpClient = null)
    {
        Transport = new AwsTransport(config, httpClient, "CloudWatch", "monitoring", "monitoring");
        _query = new QueryProtocol(Transport, "2010-08-01");
    }

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint => Transport.Endpoint;

    internal AwsTransport Transport { get; }

    /// <inheritdoc />
    public async Task PutMetricDataAsync(
        string metricNamespace,
        IReadOnlyList<MetricDatum> data,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(metricNamespace);
        ArgumentNullException.ThrowIfNull(data);
        foreach (var chunk in data.Chunk(MaxDataPerRequest))
        {
            var parameters = new List<KeyValuePair<string, string>> { new("Namespace", metricNamespace) };
            for (var i = 0; i < chunk.Length; i++)
            {
                var datum = chunk[i];
                var prefix = $"MetricData.member.{i + 1}.";
                parameters.Add(new(prefix + "MetricName", datum.MetricName));
                parameters.Add(new(prefix + "Value", QueryProtocol.Number(datum.Value)));
                parameters.Add(new(prefix + "Unit", datum.Unit));
                if (datum.Timestamp is { } timestamp)
                {
                    parameters.Add(new(prefix + "Timestamp", QueryProtocol.Timestamp(timestamp)));
                }

                AddDimensions(parameters, prefix + "Dimensions", datum.Dimensions);
            }

            await _query.SendAsync("PutMetricData", parameters, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Datapoint>> GetMetricStatisticsAsync(
        GetMetricStatisticsRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("Namespace", request.Namespace),
            new("MetricName", request.MetricName),
            new("StartTime", QueryProtocol.Timestamp(request.StartTime)),
            new("EndTime", QueryProtocol.Timestamp(request.EndTime)),
            new("Period", QueryProtocol.Number(request.PeriodSeconds)),
        };
        for (var i = 0; i < request.Statistics.Count; i++)
        {
            parameters.Add(new($"Statistics.member.{i + 1}", request.Statistics[i].ToString()));
        }

        AddDimensions(parameters, "Dimensions", request.Dimensions);
        if (request.Unit is not null)
        {
            parameters.Add(new("Unit", request.Unit));
        }

        var result = await _query.SendAsync("GetMetricStatistics", parameters, cancellationToken).ConfigureAwait(false);
        return result.Members("Datapoints")
            .Select(ReadDatapoint)
            .OrderBy(point => point.Timestamp)
            .ToList();
    }

    private static Datapoint ReadDatapoint(XElement member) => new(
        member.ChildTimestamp("Timestamp")
            ?? throw new InvalidDataException("A GetMetricStatistics data point has no <Timestamp>."),
        member.ChildDouble("SampleCount"),
        member.ChildDouble("Average"),
        member.ChildDouble("Sum"),
        member.ChildDouble("Minimum"),
        member.ChildDouble("Maximum"),
        member.ChildValue("Unit"));

    private static void AddDimensions(
        List<KeyValuePair<string, string>> parameters,
        string listName,
        IReadOnlyDictionary<string, string>? dimensions)
    {
        var index = 1;
        foreach (var (name, value) in dimensions ?? new Dictionary<string, string>())
        {
            parameters.Add(new($"{listName}.member.{index}.Name", name));
            parameters.Add(new($"{listName}.member.{index}.Value", value));
            index++;
        }
    }
}
