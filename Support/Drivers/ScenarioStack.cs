using PipelineSpecs.Support.Lifecycle;

namespace PipelineSpecs.Support.Drivers;

/// <summary>
/// The stack a scenario talks to: the run's shared stack, unless the scenario deployed one of its own (the
/// teardown and fault scenarios do). A scenario passes the shared stack's <see cref="ScenarioGate"/> when it first
/// uses that stack, so scenarios on stacks of their own never wait for an exclusive one, nor hold it up.
/// </summary>
public sealed class ScenarioStack(PipelineRun run)
{
    private readonly Lock _passing = new();

    private StackOutputs? _chosen;

    private Task<IAsyncDisposable>? _pass;

    /// <summary>The stack this scenario uses, deploying the shared one on first use.</summary>
    public async Task<StackOutputs> GetAsync(CancellationToken cancellationToken)
    {
        if (_chosen is not null)
        {
            return _chosen;
        }

        await PassAsync(exclusive: false).WaitAsync(cancellationToken);
        return await run.GetStackAsync(cancellationToken);
    }

    /// <summary>Points every driver of this scenario at <paramref name="stack"/>, one the scenario made itself.</summary>
    public void Use(StackOutputs stack) => _chosen = stack;

    /// <summary>Waits until this scenario has the shared stack to itself (see <see cref="ScenarioGate"/>).</summary>
    public Task EnterAloneAsync() => PassAsync(exclusive: true);

    /// <summary>Lets other scenarios in again; called once the scenario has ended.</summary>
    public async Task LeaveAsync()
    {
        Task<IAsyncDisposable>? pass;
        lock (_passing)
        {
            (pass, _pass) = (_pass, null);
        }

        if (pass is not null)
        {
            await (await pass).DisposeAsync();
        }
    }

    // Once per scenario: steps may ask for the stack from several tasks at once (a burst of uploads).
    private Task<IAsyncDisposable> PassAsync(bool exclusive)
    {
        lock (_passing)
        {
            return _pass ??= exclusive
                ? run.Gate.EnterExclusiveAsync(CancellationToken.None)
                : run.Gate.EnterSharedAsync(CancellationToken.None);
        }
    }
}
