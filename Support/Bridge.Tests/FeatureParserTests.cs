using PipelineSpecs.Support.XunitBridge;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Bridge.Tests;

/// <summary>Discovery in process: what the Gherkin pipeline makes of the sample features.</summary>
public sealed class FeatureParserTests
{
    private static readonly FeatureCatalog _sample =
        FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Sample"));

    [Fact]
    public void Background_PrecedesEveryScenarioAndRuleBackgroundOnlyItsRule()
    {
        var feature = _sample.Features.Single(f => f.RelativePath == "Features/background.feature");

        StepTexts(feature, "Backgrounds: Outside the rule")
            .ShouldBe(["the step \"feature background\" has run", "the steps so far are \"feature background\""]);
        StepTexts(feature, "Backgrounds: Inside the rule").ShouldBe([
            "the step \"feature background\" has run",
            "the step \"rule background\" has run",
            "the steps so far are \"feature background, rule background\"",
        ]);
    }

    [Fact]
    public void Outline_NamesEachRowAfterItsExampleValues()
    {
        var feature = _sample.Features.Single(f => f.RelativePath == "Features/outline.feature");

        feature.Scenarios.Select(s => s.DisplayName).ShouldBe([
            "Outlines: Doubling [number=1, double=2]",
            "Outlines: Doubling [number=2, double=4]",
            "Outlines: Doubling [number=21, double=42]",
        ]);
    }

    [Fact]
    public void MalformedFeature_FailsWithFileLineAndParserMessage()
    {
        const string text = "Feature: Broken\n\n  Scenario: A\n    Given a table:\n      | a | b |\n      | 1 |\n";

        var (feature, failure) = FeatureParser.Parse("Features/broken.feature", text);

        feature.ShouldBeNull();
        failure.ShouldNotBeNull();
        failure.Line.ShouldBe(6);
        failure.Describe().ShouldStartWith("Features/broken.feature:6: ");
        failure.Describe().ShouldContain("inconsistent cell count");
    }

    [Fact]
    public void Tags_ComeWithoutAtAndIncludeTheFeatureTags()
    {
        var scenario = _sample.Features.SelectMany(f => f.Scenarios)
            .Single(s => s.DisplayName == "Step arguments: A data table and a doc string");

        scenario.Tags.ShouldBe(["smoke"]);
        scenario.ScenarioInfo.CombinedTags.ShouldBe(["smoke"]);
    }

    private static string[] StepTexts(ParsedFeature feature, string displayName) =>
        feature.Scenarios.Single(s => s.DisplayName == displayName).Steps.Select(s => s.Text).ToArray();
}
