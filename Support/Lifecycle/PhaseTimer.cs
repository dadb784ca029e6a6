using System.Collections.Concurrent;
using System.Diagnostics;

namespace PipelineSpecs.Support.Lifecycle;

/// <summary>Times the phases of a run (build, emulator, deploy, scenarios, teardown) for the one-line summary.</summary>
public sealed class PhaseTimer
{
    private readonly ConcurrentDictionary<string, TimeSpan> _phases = new();

    /// <summary>Phases in the order a run goes through them.</summary>
    public static readonly string[] Order = ["build", "emulator", "deploy", "scenarios", "teardown"];

    /// <summary>Runs <paramref name="work"/> and adds its duration to <paramref name="phase"/>.</summary>
    public async Task<T> TimeAsync<T>(string phase, Func<Task<T>> work)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            return await work();
        }
        finally
        {
            Record(phase, watch.Elapsed);
        }
    }

    /// <summary>Runs <paramref name="work"/> and adds its duration to <paramref name="phase"/>.</summary>
    public Task TimeAsync(string phase, Func<Task> work) => TimeAsync(phase, async () =>
    {
        await work();
        return true;
    });

    /// <summary>Adds <paramref name="elapsed"/> to <paramref name="phase"/>.</summary>
    public void Record(string phase, TimeSpan elapsed) =>
        _phases.AddOrUpdate(phase, elapsed, (_, sofar) => sofar + elapsed);

    /// <summary>The time recorded for <paramref name="phase"/> so far; zero if it did not run.</summary>
    public TimeSpan Elapsed(string phase) => _phases.TryGetValue(phase, out var elapsed) ? elapsed : TimeSpan.Zero;

    /// <summary>One line: <c>phases: build 12.3 s | emulator 1.2 s | ...</c>, "skipped" for phases that did not run.</summary>
    public string Summary() => "phases: " + string.Join(" | ", Order.Select(phase =>
        _phases.TryGetValue(phase, out var elapsed) ? $"{phase} {elapsed.TotalSeconds:0.0} s" : $"{phase} skipped"));
}
