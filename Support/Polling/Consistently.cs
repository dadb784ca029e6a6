using System.Diagnostics;

namespace PipelineSpecs.Support.Polling;

/// <summary>
/// Proves that something does not happen: polls for a whole window and fails as soon as it does. This is how a
/// negative ("the function never ran") becomes meaningful without a blind sleep.
/// </summary>
public static class Consistently
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Polls <paramref name="probe"/> for <paramref name="window"/>; throws when a read breaks the rule.</summary>
    /// <param name="rule">What must keep holding, in words, for the failure message.</param>
    /// <param name="window">How long to watch.</param>
    /// <param name="probe">Reads the current state.</param>
    /// <param name="holds">Whether the state keeps the rule.</param>
    /// <param name="describe">Renders a state for the failure message.</param>
    /// <param name="cancellationToken">Cancels the watch.</param>
    /// <exception cref="RuleBrokenException">A read broke the rule; the message says when and what was seen.</exception>
    public static async Task HoldsAsync<T>(
        string rule,
        TimeSpan window,
        Func<CancellationToken, Task<T>> probe,
        Func<T, bool> holds,
        Func<T, string> describe,
        CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(Interval);

        do
        {
            var state = await probe(cancellationToken);
            if (!holds(state))
            {
                throw new RuleBrokenException(
                    $"Expected {rule} for {window.TotalSeconds:0.#} s, but after {watch.Elapsed.TotalSeconds:0.0} s " +
                    $"saw: {describe(state)}");
            }
        }
        while (watch.Elapsed < window && await timer.WaitForNextTickAsync(cancellationToken));

        WaitLedger.RecordQuietWindow(watch.Elapsed);
    }
}

/// <summary>Something that should not have happened did; the message says what and when.</summary>
public sealed class RuleBrokenException(string message) : Exception(message);
