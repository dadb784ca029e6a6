namespace PipelineSpecs.Support.Lifecycle;

/// <summary>
/// Scenarios share the run's stack. Most look only at their own objects and run side by side; a scenario tagged
/// <c>@exclusive</c> observes something global to the stack, such as the FilesProcessed metric (CloudWatch keeps
/// one number per namespace), and runs alone. A reader-writer gate that lets a waiting exclusive scenario go
/// before shared ones that arrive after it, so it never starves.
/// </summary>
public sealed class ScenarioGate
{
    /// <summary>The tag that makes a scenario run alone.</summary>
    public const string ExclusiveTag = "exclusive";

    private readonly SemaphoreSlim _turnstile = new(1, 1);

    private readonly SemaphoreSlim _room = new(1, 1);

    private readonly SemaphoreSlim _count = new(1, 1);

    private int _sharing;

    /// <summary>Enters alongside other shared scenarios; dispose to leave.</summary>
    public async Task<IAsyncDisposable> EnterSharedAsync(CancellationToken cancellationToken)
    {
        // Pass through the turnstile, so a waiting exclusive scenario holds newcomers back.
        await _turnstile.WaitAsync(cancellationToken);
        _turnstile.Release();

        await ChangeSharingAsync(+1, cancellationToken);
        return new Exit(() => ChangeSharingAsync(-1, CancellationToken.None));
    }

    /// <summary>Waits until no other scenario runs, and keeps them out until disposed.</summary>
    public async Task<IAsyncDisposable> EnterExclusiveAsync(CancellationToken cancellationToken)
    {
        await _turnstile.WaitAsync(cancellationToken);
        try
        {
            await _room.WaitAsync(cancellationToken);
        }
        catch
        {
            _turnstile.Release();
            throw;
        }

        return new Exit(() =>
        {
            _room.Release();
            _turnstile.Release();
            return Task.CompletedTask;
        });
    }

    private async Task ChangeSharingAsync(int change, CancellationToken cancellationToken)
    {
        await _count.WaitAsync(cancellationToken);
        try
        {
            if (change > 0 && _sharing == 0)
            {
                await _room.WaitAsync(cancellationToken);
            }

            _sharing += change;
            if (_sharing == 0)
            {
                _room.Release();
            }
        }
        finally
        {
            _count.Release();
        }
    }

    private sealed class Exit(Func<Task> leave) : IAsyncDisposable
    {
        private int _left;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                await leave();
            }
        }
    }
}
