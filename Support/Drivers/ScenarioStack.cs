using PipelineSpecs.Support.Lifecycle;

namespace PipelineSpecs.Support.Drivers;

/// <summary>
/// The stack a scenario talks to: the run's shared stack, unless the scenario deployed one of its own (the
/// teardown scenario does, since destroying is what it checks).
/// </summary>
public sealed class ScenarioStack(PipelineRun run)
{
    private StackOutputs? _chosen;

    /// <summary>The stack this scenario uses, deploying the shared one on first use.</summary>
    public Task<StackOutputs> GetAsync(CancellationToken cancellationToken) =>
        _chosen is not null ? Task.FromResult(_chosen) : run.GetStackAsync(cancellationToken);

    /// <summary>Points every driver of this scenario at <paramref name="stack"/>, one the scenario made itself.</summary>
    public void Use(StackOutputs stack) => _chosen = stack;
}
