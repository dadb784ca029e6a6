using Xunit;

namespace PipelineSpecs.Support.XunitBridge;

// Four classes rather than one: each class is its own xUnit collection, and collections are what run in parallel.

/// <summary>Scenarios of features 1, 5, 9, ... (by path order).</summary>
[TestCaseOrderer(typeof(PickleOrderer))]
public sealed class FeatureGroup1(FeatureGroupFixture group) : IClassFixture<FeatureGroupFixture>
{
    /// <summary>Runs one scenario.</summary>
    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ScenarioRows.ForGroup), 0, MemberType = typeof(ScenarioRows))]
    public Task Scenario(string id) => ScenarioRows.RunAsync(id, group);
}

/// <summary>Scenarios of features 2, 6, 10, ...</summary>
[TestCaseOrderer(typeof(PickleOrderer))]
public sealed class FeatureGroup2(FeatureGroupFixture group) : IClassFixture<FeatureGroupFixture>
{
    /// <summary>Runs one scenario.</summary>
    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ScenarioRows.ForGroup), 1, MemberType = typeof(ScenarioRows))]
    public Task Scenario(string id) => ScenarioRows.RunAsync(id, group);
}

/// <summary>Scenarios of features 3, 7, 11, ...</summary>
[TestCaseOrderer(typeof(PickleOrderer))]
public sealed class FeatureGroup3(FeatureGroupFixture group) : IClassFixture<FeatureGroupFixture>
{
    /// <summary>Runs one scenario.</summary>
    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ScenarioRows.ForGroup), 2, MemberType = typeof(ScenarioRows))]
    public Task Scenario(string id) => ScenarioRows.RunAsync(id, group);
}

/// <summary>Scenarios of features 4, 8, 12, ...</summary>
[TestCaseOrderer(typeof(PickleOrderer))]
public sealed class FeatureGroup4(FeatureGroupFixture group) : IClassFixture<FeatureGroupFixture>
{
    /// <summary>Runs one scenario.</summary>
    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ScenarioRows.ForGroup), 3, MemberType = typeof(ScenarioRows))]
    public Task Scenario(string id) => ScenarioRows.RunAsync(id, group);
}
