using Xunit;

namespace PipelineSpecs.Support.XunitBridge;

// Eight classes rather than one: each class is its own xUnit collection, and collections are what run in parallel.
// Scenarios mostly wait on the pipeline, not the CPU, so a feature each keeps the slow ones (their own stacks, the
// exclusive metric scenarios) from queueing behind each other; xunit.runner.json lets all eight run at once.

/// <summary>Scenarios of features 1, 9, 17, ... (by path order).</summary>
[TestCaseOrderer(typeof(PickleOrderer))]
public sealed class FeatureGroup1(FeatureGroupFixture group) : IClassFixture<FeatureGroupFixture>
{
    /// <summary>Runs one scenario.</summary>
    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ScenarioRows.ForGroup), 0, MemberType = typeof(ScenarioRows))]
    public Task Scenario(string id) => ScenarioRows.RunAsync(id, group);
}

/// <summary>Scenarios of features 2, 10, 18, ...</summary>
[TestCaseOrderer(typeof(PickleOrderer))]
public sealed class FeatureGroup2(FeatureGroupFixture group) : IClassFixture<FeatureGroupFixture>
{
    /// <summary>Runs one scenario.</summary>
    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ScenarioRows.ForGroup), 1, MemberType = typeof(ScenarioRows))]
    public Task Scenario(string id) => ScenarioRows.RunAsync(id, group);
}

/// <summary>Scenarios of features 3, 11, 19, ...</summary>
[TestCaseOrderer(typeof(PickleOrderer))]
public sealed class FeatureGroup3(FeatureGroupFixture group) : IClassFixture<FeatureGroupFixture>
{
    /// <summary>Runs one scenario.</summary>
    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ScenarioRows.ForGroup), 2, MemberType = typeof(ScenarioRows))]
    public Task Scenario(string id) => ScenarioRows.RunAsync(id, group);
}

/// <summary>Scenarios of features 4, 12, 20, ...</summary>
[TestCaseOrderer(typeof(PickleOrderer))]
public sealed class FeatureGroup4(FeatureGroupFixture group) : IClassFixture<FeatureGroupFixture>
{
    /// <summary>Runs one scenario.</summary>
    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ScenarioRows.ForGroup), 3, MemberType = typeof(ScenarioRows))]
    public Task Scenario(string id) => ScenarioRows.RunAsync(id, group);
}

/// <summary>Scenarios of features 5, 13, 21, ...</summary>
[TestCaseOrderer(typeof(PickleOrderer))]
public sealed class FeatureGroup5(FeatureGroupFixture group) : IClassFixture<FeatureGroupFixture>
{
    /// <summary>Runs one scenario.</summary>
    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ScenarioRows.ForGroup), 4, MemberType = typeof(ScenarioRows))]
    public Task Scenario(string id) => ScenarioRows.RunAsync(id, group);
}

/// <summary>Scenarios of features 6, 14, 22, ...</summary>
[TestCaseOrderer(typeof(PickleOrderer))]
public sealed class FeatureGroup6(FeatureGroupFixture group) : IClassFixture<FeatureGroupFixture>
{
    /// <summary>Runs one scenario.</summary>
    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ScenarioRows.ForGroup), 5, MemberType = typeof(ScenarioRows))]
    public Task Scenario(string id) => ScenarioRows.RunAsync(id, group);
}

/// <summary>Scenarios of features 7, 15, 23, ...</summary>
[TestCaseOrderer(typeof(PickleOrderer))]
public sealed class FeatureGroup7(FeatureGroupFixture group) : IClassFixture<FeatureGroupFixture>
{
    /// <summary>Runs one scenario.</summary>
    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ScenarioRows.ForGroup), 6, MemberType = typeof(ScenarioRows))]
    public Task Scenario(string id) => ScenarioRows.RunAsync(id, group);
}

/// <summary>Scenarios of features 8, 16, 24, ...</summary>
[TestCaseOrderer(typeof(PickleOrderer))]
public sealed class FeatureGroup8(FeatureGroupFixture group) : IClassFixture<FeatureGroupFixture>
{
    /// <summary>Runs one scenario.</summary>
    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ScenarioRows.ForGroup), 7, MemberType = typeof(ScenarioRows))]
    public Task Scenario(string id) => ScenarioRows.RunAsync(id, group);
}
