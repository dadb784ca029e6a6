using System.Diagnostics;
using Polly;
using Polly.Retry;

namespace PipelineSpecs.Support.Polling;

/// <summary>
/// Waits for an asynchronous outcome of the pipeline by polling with backoff until a deadline. S3 notifications,
/// SNS deliveries and CloudWatch statistics all arrive "eventually": a fixed sleep is either too short on a busy
/// machine or wastes time on a quiet one.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(50);

    // Half a second at most: a longer step was measured to double what a wait takes over the latency it awaits.
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Polls <paramref name="probe"/> until <paramref name="isDone"/> holds for what it returns, and returns that.
    /// </summary>
    /// <param name="awaited">What is awaited, in words, for the failure message.</param>
    /// <param name="budget">How long to wait in all.</param>
    /// <param name="probe">Reads the current state; exceptions it throws count as "not yet" and are reported, except
    /// <see cref="WaitAbandonedException"/>, which ends the wait.</param>
    /// <param name="isDone">Whether the state is the awaited one.</param>
    /// <param name="describe">Renders a state for the failure message.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="WaitTimeoutException">The budget ran out; the message says what was seen last.</exception>
    public static async Task<T> UntilAsync<T>(
        string awaited,
        TimeSpan budget,
        Func<CancellationToken, Task<T>> probe,
        Func<T, bool> isDone,
        Func<T, string> describe,
        CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var lastSeen = "nothing yet: the first read did not finish";
        var attempts = 0;

        // The outcome arrived after the last read that missed it had started: the wait's lower bound.
        var lastMissStartedAt = TimeSpan.Zero;

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);

        var pipeline = BuildPipeline<T>(isDone);

        try
        {
            var outcome = await pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                var startedAt = watch.Elapsed;
                try
                {
                    var state = await probe(token).ConfigureAwait(false);
                    lastSeen = describe(state);
                    lastMissStartedAt = isDone(state) ? lastMissStartedAt : startedAt;
                    return state;
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    lastSeen = $"{error.GetType().Name}: {error.Message}";
                    lastMissStartedAt = startedAt;
                    throw;
                }
            }, deadline.Token).ConfigureAwait(false);

            if (!isDone(outcome))
            {
                throw Timeout(awaited, budget, watch.Elapsed, attempts, lastSeen);
            }

            WaitLedger.RecordArrival(watch.Elapsed, lastMissStartedAt);
            return outcome;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Timeout(awaited, budget, watch.Elapsed, attempts, lastSeen);
        }
    }

    private static ResiliencePipeline<T> BuildPipeline<T>(Func<T, bool> isDone) =>
        new ResiliencePipelineBuilder<T>()
            .AddRetry(new RetryStrategyOptions<T>
            {
                // Keep polling until the deadline cancels us; the deadline, not a count, ends the wait.
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstDelay,
                MaxDelay = LongestDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, isDone)),
            })
            .Build();

    private static bool ShouldRetry<T>(Outcome<T> outcome, Func<T, bool> isDone) =>
        outcome.Exception switch
        {
            null => !isDone(outcome.Result!),
            OperationCanceledException or WaitAbandonedException => false,
            _ => true,
        };

    private static WaitTimeoutException Timeout(
        string awaited, TimeSpan budget, TimeSpan waited, int attempts, string lastSeen) =>
        new($"Waited {waited.TotalSeconds:0.0} s (budget {budget.TotalSeconds:0.#} s, {attempts} reads) for " +
            $"{awaited}, and it did not happen. Last seen: {lastSeen}");
}

/// <summary>A wait ran out of budget; the message says what was awaited, for how long, and what was seen last.</summary>
public sealed class WaitTimeoutException(string message) : Exception(message);

/// <summary>
/// Thrown by a probe that knows the awaited outcome can no longer come (the process that would answer exited), so
/// the wait ends at once with this message instead of running out its budget.
/// </summary>
public sealed class WaitAbandonedException(string message) : Exception(message);
