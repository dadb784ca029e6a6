using System.Globalization;

namespace PipelineSpecs.Support.Polling;

/// <summary>
/// Adds up, for the whole run, how long scenarios waited for the pipeline and how much of that the polling itself
/// added, so the run can say what its scenario phase costs beyond the pipeline's own latency (issue #8).
/// </summary>
/// <remarks>
/// A successful wait of <see cref="Eventually"/> knows two things: when it saw the outcome (its elapsed time, an
/// upper bound of the pipeline's latency) and when the last read that missed it started (a lower bound: the outcome
/// arrived after that). The gap between the two is what backoff cost. Quiet windows of <see cref="Consistently"/>
/// are counted apart: they are a chosen length, the price of a meaningful negative, not latency.
/// </remarks>
public static class WaitLedger
{
    private static long _arrivals;

    private static long _waitedTicks;

    private static long _latencyLowerBoundTicks;

    private static long _quietWindows;

    private static long _quietTicks;

    /// <summary>Records a wait that saw its outcome after <paramref name="waited"/>; the outcome was not there yet
    /// when a read started at <paramref name="lastMissStartedAt"/>.</summary>
    public static void RecordArrival(TimeSpan waited, TimeSpan lastMissStartedAt)
    {
        Interlocked.Increment(ref _arrivals);
        Interlocked.Add(ref _waitedTicks, waited.Ticks);
        Interlocked.Add(ref _latencyLowerBoundTicks, lastMissStartedAt.Ticks);
    }

    /// <summary>Records a quiet window that was watched for <paramref name="watched"/>.</summary>
    public static void RecordQuietWindow(TimeSpan watched)
    {
        Interlocked.Increment(ref _quietWindows);
        Interlocked.Add(ref _quietTicks, watched.Ticks);
    }

    /// <summary>
    /// The run's figures and ratios, one per line, in the <c>figure</c>/<c>ratio</c> form of the benchmarks:
    /// the scenario phase against the latencies waited for, and the polling overshoot. Empty when nothing waited.
    /// </summary>
    public static IReadOnlyList<string> Summary(TimeSpan scenarioPhase)
    {
        var arrivals = Interlocked.Read(ref _arrivals);
        if (arrivals == 0)
        {
            return [];
        }

        var waited = TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks));
        var latency = TimeSpan.FromTicks(Interlocked.Read(ref _latencyLowerBoundTicks));
        var quiet = TimeSpan.FromTicks(Interlocked.Read(ref _quietTicks));
        return
        [
            $"figure waits_seen {arrivals}",
            $"figure waits_total {Seconds(waited)} s",
            $"figure waited_latency_lower_bound {Seconds(latency)} s",
            $"figure quiet_windows {Interlocked.Read(ref _quietWindows)} totalling {Seconds(quiet)} s",
            $"ratio scenario_phase_vs_latencies_waited {Ratio(scenarioPhase, latency)}",
            $"ratio scenario_phase_vs_latencies_and_quiet_windows {Ratio(scenarioPhase, latency + quiet)}",
            $"ratio polling_overshoot {Ratio(waited, latency)}",
        ];
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Ratio(TimeSpan numerator, TimeSpan denominator) => denominator > TimeSpan.Zero
        ? (numerator / denominator).ToString("0.00", CultureInfo.InvariantCulture)
        : "n/a (nothing to divide by)";
}
