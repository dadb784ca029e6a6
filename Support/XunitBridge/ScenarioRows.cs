using System.Reflection;
using Xunit;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// The theory rows of the feature groups: one row per pickle, named <c>Feature: Scenario</c>, with each tag as a
/// <c>Category</c> trait. A row carries only the case id, which survives the runner's serialisation of test cases.
/// </summary>
public static class ScenarioRows
{
    /// <summary>
    /// How many test classes share the features. xUnit runs one class at a time per collection and collections in
    /// parallel, so features spread over the groups run in parallel while each feature stays on one worker, in order.
    /// </summary>
    public const int GroupCount = 8;

    /// <summary>The assembly the bridge is compiled into, which holds the bindings Reqnroll looks for.</summary>
    internal static Assembly TestAssembly => typeof(ScenarioRows).Assembly;

    /// <summary>Rows of the features that belong to <paramref name="group"/> (round-robin by path order).</summary>
    public static IEnumerable<TheoryDataRow<string>> ForGroup(int group)
    {
        var catalog = FeatureCatalog.Default;
        if (group == 0)
        {
            foreach (var failure in catalog.Failures)
                yield return new TheoryDataRow<string>(failure.Id)
                {
                    TestDisplayName = failure.RelativePath,
                    Label = string.Empty,
                };
        }

        for (var i = group; i < catalog.Features.Count; i += GroupCount)
        {
            foreach (var scenario in catalog.Features[i].Scenarios)
                yield return ToRow(scenario);
        }
    }

    /// <summary>Runs the case behind a row, or fails with the parser's message for a malformed file.</summary>
    public static Task RunAsync(string id, FeatureGroupFixture group)
    {
        var catalog = FeatureCatalog.Default;
        if (catalog.FindFailure(id) is { } failure)
            throw new FeatureParseException(failure.Describe());

        var scenario = catalog.Find(id) ?? throw new InvalidOperationException(
            $"No scenario '{id}' in {FeatureCatalog.FeaturesFolder}/: rebuild so discovery sees the current files.");
        group.Started(scenario.Feature.FeatureInfo);
        return ScenarioRunner.RunAsync(scenario, TestAssembly, TestContext.Current.TestOutputHelper);
    }

    private static TheoryDataRow<string> ToRow(ScenarioCase scenario)
    {
        // An empty label keeps xUnit from appending the case id to the display name.
        var row = new TheoryDataRow<string>(scenario.Id)
        {
            TestDisplayName = scenario.DisplayName,
            Label = string.Empty,
        };
        // The trait names Reqnroll.xUnit uses, so filters keep working if it replaces the bridge.
        row.WithTrait("FeatureTitle", scenario.Feature.Document.Feature.Name);
        foreach (var tag in scenario.Tags)
            row.WithTrait("Category", tag);
        return row;
    }
}

/// <summary>A feature file the Gherkin parser rejected: file, line and the parser's message.</summary>
public sealed class FeatureParseException(string message) : Exception(message);
