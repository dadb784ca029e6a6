using System.Text.Json;
using System.Text.RegularExpressions;
using PipelineSpecs.Support.XunitBridge;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Bridge.Tests;

/// <summary>The bridge as users meet it: a real <c>dotnet test</c> of the sample specs project.</summary>
[Collection(SampleRunCollection.Name)]
public sealed partial class SampleRunTests(SampleRun run)
{
    private const string Passed = "Passed";
    private const string Failed = "Failed";
    private const string Skipped = "NotExecuted";

    private static readonly FeatureCatalog _sample =
        FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Sample"));

    [Fact]
    public void Outline_YieldsThreeTestsWithDistinctNames()
    {
        var rows = run.Full.Results
            .Where(r => r.Name.StartsWith("Outlines: Doubling", StringComparison.Ordinal))
            .ToList();

        rows.Select(r => r.Name).Distinct().Count().ShouldBe(3);
        rows.ShouldAllBe(r => r.Outcome == Passed);
    }

    [Fact]
    public void Background_RunsBeforeEachScenarioAndRuleBackgroundOnlyInItsRule()
    {
        // The bindings assert the steps run so far, so a pass means the order was right.
        run.Full.Single("Backgrounds: Outside the rule").Outcome.ShouldBe(Passed);
        run.Full.Single("Backgrounds: Inside the rule").Outcome.ShouldBe(Passed);
    }

    [Fact]
    public void StepArguments_ReachTheBindingIntact()
    {
        // The binding compares the table and the doc string with what the feature file says.
        run.Full.Single("Step arguments: A data table and a doc string").Outcome.ShouldBe(Passed);
    }

    [Fact]
    public void UndefinedStep_FailsWithStepTextAndSuggestedBinding()
    {
        var result = run.Full.Single("Outcomes: Undefined step");

        result.Outcome.ShouldBe(Failed);
        result.Message.ShouldContain("a step nobody has written yet");
        result.Message.ShouldContain("[Given(\"a step nobody has written yet\")]");
    }

    [Fact]
    public void FailingStep_FailsWithStepTextAndOriginalException()
    {
        var result = run.Full.Single("Outcomes: Failing step");

        result.Outcome.ShouldBe(Failed);
        result.Message.ShouldContain("When the upload explodes");
        result.Message.ShouldContain("System.InvalidOperationException : sample explosion in the upload");
    }

    [Fact]
    public void FailingStep_ReportsLaterStepsSkipped()
    {
        var output = run.Full.Single("Outcomes: Failing step").StdOut;

        output.ShouldContain("Then the steps so far are \"setup\"\n-> skipped because of previous errors");
    }

    [Fact]
    public void IgnoredScenario_IsReportedSkipped() =>
        run.Full.Single("Outcomes: Ignored").Outcome.ShouldBe(Skipped);

    [Fact]
    public void PendingStep_IsReportedSkipped() =>
        run.Full.Single("Outcomes: Pending step").Outcome.ShouldBe(Skipped);

    [Fact]
    public void OutputHelper_WritesIntoTheTestResult() =>
        run.Full.Single("Backgrounds: Outside the rule").StdOut.ShouldContain("sample output: ran feature background");

    [Fact]
    public void CategoryFilter_RunsExactlyTheSmokeScenarios()
    {
        var smoke = _sample.Features.SelectMany(f => f.Scenarios).Where(s => s.Tags.Contains("smoke"))
            .Select(s => s.DisplayName).Order().ToList();

        smoke.Count.ShouldBe(5);
        run.Smoke.Results.Select(r => r.Name).Order().ShouldBe(smoke);
    }

    [Fact]
    public void BeforeTestRun_RunsOnceWhileFeaturesRunInParallel()
    {
        // The two parallel scenarios wait for each other at a barrier: both pass only if they overlapped.
        run.Full.Single("Parallel A: Meet B").Outcome.ShouldBe(Passed);
        run.Full.Single("Parallel B: Meet A").Outcome.ShouldBe(Passed);
        run.Full.HookLog.Count(l => l.StartsWith("before test run", StringComparison.Ordinal)).ShouldBe(1);
        run.Full.HookLog.Count(l => l.StartsWith("after test run", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public void FeatureHooks_EndEveryStartedFeatureOnce()
    {
        foreach (var hooks in new[] { run.Full.HookLog, run.Smoke.HookLog })
        {
            var started = hooks.Where(l => l.StartsWith("before feature ", StringComparison.Ordinal))
                .Select(l => l["before ".Length..]).ToList();
            var ended = hooks.Where(l => l.StartsWith("after feature ", StringComparison.Ordinal))
                .Select(l => l["after ".Length..]).ToList();

            started.Order().ShouldBe(ended.Order());
            started.ShouldBeUnique();
        }
    }

    [Fact]
    public void MalformedFeature_FailsDiscoveryWithFileLineAndParserMessage()
    {
        var result = run.Full.Single("Features/malformed.feature");

        result.Outcome.ShouldBe(Failed);
        result.Message.ShouldContain("Features/malformed.feature:8: (8:5): expected:");
        result.Message.ShouldContain("got 'This line is not a step'");
    }

    [Fact]
    public void HtmlReport_PathIsPrintedToTheConsole()
    {
        var printed = HtmlReportLine().Match(run.Full.Console);

        printed.Success.ShouldBeTrue(run.Full.Console);
        Path.IsPathRooted(printed.Groups["path"].Value).ShouldBeTrue();
        File.Exists(printed.Groups["path"].Value).ShouldBeTrue();
    }

    [Fact]
    public void HtmlReport_ListsEveryScenarioWithItsResult()
    {
        var envelopes = ReportEnvelopes.FromHtml(ReportPath("living-documentation.html"));

        ShouldGiveEveryScenarioItsXunitResult(envelopes);
    }

    [Fact]
    public void MessagesReport_ListsEveryScenarioWithItsResult()
    {
        var envelopes = ReportEnvelopes.FromNdjson(ReportPath("cucumber-messages.ndjson"));

        ShouldGiveEveryScenarioItsXunitResult(envelopes);
    }

    private void ShouldGiveEveryScenarioItsXunitResult(IReadOnlyList<JsonElement> envelopes)
    {
        var pickles = envelopes.Where(e => e.TryGetProperty("pickle", out _))
            .Select(e => e.GetProperty("pickle").GetProperty("id").GetString()).ToHashSet();
        var statuses = ReportEnvelopes.ScenarioStatuses(envelopes);

        foreach (var scenario in _sample.Features.SelectMany(f => f.Scenarios))
        {
            pickles.ShouldContain(scenario.Pickle.Id, scenario.DisplayName);
            var expected = run.Full.Single(scenario.DisplayName).Outcome switch
            {
                Passed => "PASSED",
                Failed => "FAILED|UNDEFINED",
                // An @ignore scenario never starts, so Reqnroll writes no test case for it (as with Reqnroll.xUnit).
                _ => "SKIPPED|PENDING|NONE",
            };
            statuses.GetValueOrDefault(scenario.Pickle.Id, "NONE")
                .ShouldMatch($"^({expected})$", scenario.DisplayName);
        }
    }

    private string ReportPath(string fileName) => Path.Combine(run.Full.ReportDirectory, fileName);

    [GeneratedRegex("Reqnroll html report: (?<path>\\S+\\.html)")]
    private static partial Regex HtmlReportLine();
}
