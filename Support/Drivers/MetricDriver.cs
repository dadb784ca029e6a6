using PipelineSpecs.Aws;
using PipelineSpecs.Support.Lifecycle;
using PipelineSpecs.Support.Polling;
using Reqnroll;

namespace PipelineSpecs.Support.Drivers;

/// <summary>
/// Reads the pipeline's FilesProcessed metric over a scenario's time window. A scenario about the metric runs
/// alone (see <see cref="ScenarioGate"/>), first waits until the sum is still (another scenario's last thumbnail
/// may still be counted as it starts), and then expects it to grow by exactly its own count.
/// </summary>
public sealed class MetricDriver(
    PipelineRun run, ScenarioStack stacks, AwsClientFactory clients, IReqnrollOutputHelper output)
{
    /// <summary>The metric the function adds 1 to for each thumbnail it makes.</summary>
    public const string MetricName = "FilesProcessed";

    private static readonly TimeSpan StillWindow = TimeSpan.FromSeconds(2);

    // The window reaches back a minute: CloudWatch timestamps are whole seconds, and the function's clock is not ours.
    private static readonly TimeSpan Lookback = TimeSpan.FromMinutes(1);

    private DateTimeOffset _windowStart;

    private double? _baseline;

    /// <summary>Waits until the sum over the scenario's window stops changing, and remembers it.</summary>
    public async Task SettleAsync(CancellationToken cancellationToken)
    {
        var stack = await stacks.GetAsync(cancellationToken);
        _windowStart = DateTimeOffset.UtcNow - Lookback;

        double? previous = null;
        var settled = await Eventually.UntilAsync(
            $"{MetricName} in {stack.MetricNamespace} to stay the same for {StillWindow.TotalSeconds:0} s",
            run.Settings.WaitBudget,
            async token =>
            {
                var before = previous ?? await SumAsync(stack.MetricNamespace, token);
                await Consistently.HoldsAsync(
                    $"{MetricName} to stay at {before}", StillWindow,
                    probeToken => SumAsync(stack.MetricNamespace, probeToken), sum => sum == before,
                    sum => $"a sum of {sum}", token);
                return before;
            },
            _ => true,
            sum => $"a sum of {sum}",
            cancellationToken);

        _baseline = settled;
        output.WriteLine($"{MetricName} in {stack.MetricNamespace} since {_windowStart:HH:mm:ss} is still at {settled}");
    }

    /// <summary>
    /// Waits until the sum reaches the baseline plus <paramref name="growth"/>, then watches a quiet window in which
    /// it must not grow further (a double increment would).
    /// </summary>
    public async Task ExpectGrowthAsync(double growth, CancellationToken cancellationToken)
    {
        var baseline = _baseline ?? throw new InvalidOperationException("Call SettleAsync before the uploads.");
        var stack = await stacks.GetAsync(cancellationToken);
        var expected = baseline + growth;

        var reached = await Eventually.UntilAsync(
            $"{MetricName} in {stack.MetricNamespace} to grow from {baseline} by {growth}",
            run.Settings.WaitBudget,
            token => SumAsync(stack.MetricNamespace, token),
            sum => sum >= expected,
            sum => $"a sum of {sum}",
            cancellationToken);

        await Consistently.HoldsAsync(
            $"{MetricName} to stay at {expected} (grown by exactly {growth})",
            StillWindow,
            token => SumAsync(stack.MetricNamespace, token),
            sum => sum == expected,
            sum => $"a sum of {sum}, grown by {sum - baseline}",
            cancellationToken);

        output.WriteLine($"{MetricName} grew from {baseline} to {reached}");
    }

    private async Task<double> SumAsync(string metricNamespace, CancellationToken token)
    {
        var datapoints = await clients.CloudWatch.GetMetricStatisticsAsync(
            new GetMetricStatisticsRequest(
                metricNamespace, MetricName, _windowStart, DateTimeOffset.UtcNow + Lookback, 60, [MetricStatistic.Sum]),
            token);
        return datapoints.Sum(point => point.Sum ?? 0);
    }
}
