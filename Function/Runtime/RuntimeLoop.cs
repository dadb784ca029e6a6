namespace PipelineSpecs.Function.Runtime;

/// <summary>Handles one invocation's payload and returns the JSON response.</summary>
public delegate Task<string> InvocationHandler(Invocation invocation, CancellationToken cancellationToken);

/// <summary>The custom runtime's main loop: next invocation, handle, respond or report the error, repeat.</summary>
public sealed class RuntimeLoop
{
    // Lambda freezes or kills the process at the deadline; stopping a little earlier leaves time to respond.
    private static readonly TimeSpan DeadlineMargin = TimeSpan.FromMilliseconds(250);

    private readonly RuntimeApiClient _api;
    private readonly InvocationHandler _handler;
    private readonly JsonLogger _log;
    private readonly TimeProvider _clock;

    /// <summary>Creates the loop.</summary>
    public RuntimeLoop(RuntimeApiClient api, InvocationHandler handler, JsonLogger log, TimeProvider? clock = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, or on Lambda until it ends.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await RunOnceAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Fetches, handles and answers exactly one invocation.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var invocation = await _api.NextAsync(cancellationToken).ConfigureAwait(false);

        // The X-Ray SDKs read the trace header from this variable, which Lambda's own runtimes set per invocation.
        Environment.SetEnvironmentVariable(EnvironmentVariables.TraceId, invocation.TraceId);
        using var deadline = DeadlineSource(invocation, cancellationToken);
        string response;
        try
        {
            response = await _handler(invocation, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            _log.Error("invocation failed", invocation.RequestId,
                LogField.Of("errorType", error.GetType().Name), LogField.Of("error", error.Message));
            await _api.ReportInvocationErrorAsync(invocation.RequestId, error, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _api.RespondAsync(invocation.RequestId, response, cancellationToken).ConfigureAwait(false);
    }

    private CancellationTokenSource DeadlineSource(Invocation invocation, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (invocation.Deadline is { } deadline)
        {
            var remaining = deadline - _clock.GetUtcNow() - DeadlineMargin;
            if (remaining > TimeSpan.Zero)
            {
                source.CancelAfter(remaining);
            }
            else
            {
                source.Cancel();
            }
        }

        return source;
    }
}
