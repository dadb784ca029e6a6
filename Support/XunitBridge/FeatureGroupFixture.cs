using System.Collections.Concurrent;
using Reqnroll;
using Xunit;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// Ends the features a group ran once the group is done, as Reqnroll's generated class fixtures do, so
/// <c>[AfterFeature]</c> hooks run even when a filter left out a feature's last scenario.
/// </summary>
public sealed class FeatureGroupFixture : IAsyncDisposable
{
    private readonly ConcurrentDictionary<FeatureInfo, bool> _started = new(ReferenceEqualityComparer.Instance);

    /// <summary>Notes that a scenario of <paramref name="feature"/> ran in this group.</summary>
    internal void Started(FeatureInfo feature) => _started.TryAdd(feature, true);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var feature in _started.Keys)
            await TestRunnerManager.ReleaseFeatureAsync(feature, ScenarioRows.TestAssembly);
    }
}
