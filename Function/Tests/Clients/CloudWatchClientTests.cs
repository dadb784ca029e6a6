using PipelineSpecs.Aws;
using PipelineSpecs.Function.Tests.Moto;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Clients;

public sealed class CloudWatchClientTests(MotoServer moto)
{
    private readonly CloudWatchClient _cloudWatch = new(moto.Config);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetMetricStatisticsAsync_ReturnsTheSumOfWhatWasPut()
    {
        var metricNamespace = TestNames.Unique("PipelineSpecs");
        var now = DateTimeOffset.UtcNow;
        await _cloudWatch.PutMetricDataAsync(metricNamespace, [Processed(1, now)], Ct);
        await _cloudWatch.PutMetricDataAsync(metricNamespace, [Processed(2, now), Processed(4, now)], Ct);

        var points = await _cloudWatch.GetMetricStatisticsAsync(
            new GetMetricStatisticsRequest(
                metricNamespace,
                "FilesProcessed",
                now.AddMinutes(-5),
                now.AddMinutes(5),
                600,
                [MetricStatistic.Sum, MetricStatistic.SampleCount]),
            Ct);

        var point = points.ShouldHaveSingleItem();
        point.Sum.ShouldBe(7);
        point.SampleCount.ShouldBe(3);
        point.Unit.ShouldBe("Count");
    }

    [Fact]
    public async Task GetMetricStatisticsAsync_FiltersByDimensions()
    {
        var metricNamespace = TestNames.Unique("PipelineSpecs");
        var now = DateTimeOffset.UtcNow;
        await _cloudWatch.PutMetricDataAsync(
            metricNamespace,
            [
                Latency(10, "resize", now),
                Latency(30, "resize", now),
                Latency(500, "upload", now),
            ],
            Ct);

        var points = await _cloudWatch.GetMetricStatisticsAsync(
            new GetMetricStatisticsRequest(
                metricNamespace,
                "Latency",
                now.AddMinutes(-5),
                now.AddMinutes(5),
                600,
                [MetricStatistic.Average, MetricStatistic.Maximum],
                new Dictionary<string, string> { ["Stage"] = "resize" }),
            Ct);

        var point = points.ShouldHaveSingleItem();
        point.Average.ShouldBe(20);
        point.Maximum.ShouldBe(30);
        point.Sum.ShouldBeNull();
    }

    [Fact]
    public async Task GetMetricStatisticsAsync_ReturnsNothingForAnUnknownMetric()
    {
        var now = DateTimeOffset.UtcNow;

        var points = await _cloudWatch.GetMetricStatisticsAsync(
            new GetMetricStatisticsRequest(
                TestNames.Unique("Empty"), "Nothing", now.AddMinutes(-5), now, 60, [MetricStatistic.Sum]),
            Ct);

        points.ShouldBeEmpty();
    }

    private static MetricDatum Processed(double value, DateTimeOffset at) =>
        new("FilesProcessed", value, Timestamp: at);

    private static MetricDatum Latency(double milliseconds, string stage, DateTimeOffset at) =>
        new("Latency", milliseconds, "Milliseconds", at, new Dictionary<string, string> { ["Stage"] = stage });
}
