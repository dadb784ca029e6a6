using PipelineSpecs.Support.Drivers;
using PipelineSpecs.Support.Lifecycle;
using Reqnroll;
using PipelineSpecs.Support.Settings;
using Reqnroll.BoDi;
using Reqnroll.UnitTestProvider;

namespace PipelineSpecs.StepDefinitions;

/// <summary>
/// The run's lifecycle: settings are read before the first scenario (a bad one stops the run at once), the stack
/// is deployed by the first scenario that needs it, and torn down after the last.
/// </summary>
[Binding]
public sealed class RunHooks
{
    [BeforeTestRun]
    public static async Task ReadSettings()
    {
        await PipelineRun.BeginAsync();
    }

    [AfterTestRun]
    public static async Task TearDown()
    {
        // Reqnroll runs this hook even when ReadSettings failed; then there is nothing to tear down.
        if (PipelineRun.Started is { } run)
        {
            await run.FinishAsync(CancellationToken.None);
        }
    }

    [BeforeScenario(Order = 0)]
    public static void ShareTheRun(IObjectContainer container)
    {
        container.RegisterInstanceAs(PipelineRun.Current);
        container.RegisterInstanceAs(PipelineRun.Current.Clients);
    }

    // Shared scenarios pass the gate when they first use the shared stack (ScenarioStack); an exclusive one waits
    // for the stack to itself before any step runs.
    [BeforeScenario(ScenarioGate.ExclusiveTag, Order = 1)]
    public static async Task EnterTheStackAlone(ScenarioStack stack)
    {
        await stack.EnterAloneAsync();
    }

    [BeforeScenario(Order = 2)]
    public static void SkipExpectedDivergences(
        FeatureContext feature, ScenarioContext scenario, IUnitTestRuntimeProvider outcomes)
    {
        var run = PipelineRun.Current;
        var diverging = scenario.ScenarioInfo.CombinedTags.Where(run.Settings.ExpectedDivergences.Contains).ToList();
        if (diverging.Count == 0)
        {
            return;
        }

        var reason = $"expected divergence on {run.Settings.TargetLabel}: @{string.Join(", @", diverging)}";
        run.Matrix.Record(ScenarioName(feature, scenario), reason);
        outcomes.TestIgnore($"{reason} (see the feature's description; {SettingNames.ExpectedDivergences})");
    }

    [AfterScenario(Order = 200)]
    public static void RecordConformance(FeatureContext feature, ScenarioContext scenario)
    {
        var status = scenario.ScenarioExecutionStatus;
        if (status == ScenarioExecutionStatus.Skipped)
        {
            return;
        }

        var result = status == ScenarioExecutionStatus.OK ? "passed" : $"failed ({status})";
        PipelineRun.Current.Matrix.Record(ScenarioName(feature, scenario), result);
    }

    [AfterScenario(Order = 0)]
    public static async Task StopListening(SummaryDriver summaries)
    {
        await summaries.DisposeAsync();
    }

    // The name the living documentation shows: feature, scenario, and an outline row's example values.
    private static string ScenarioName(FeatureContext feature, ScenarioContext scenario)
    {
        var examples = scenario.ScenarioInfo.Arguments.Cast<System.Collections.DictionaryEntry>()
            .Select(entry => $"{entry.Key}={entry.Value}")
            .ToList();
        var name = $"{feature.FeatureInfo.Title}: {scenario.ScenarioInfo.Title}";
        return examples.Count == 0 ? name : $"{name} [{string.Join(", ", examples)}]";
    }

    [AfterScenario(Order = 100)]
    public static async Task LeaveTheStack(IObjectContainer container)
    {
        // A run whose settings were refused never started a scenario on a stack: there is nothing to leave.
        if (PipelineRun.Started is not null)
        {
            await container.Resolve<ScenarioStack>().LeaveAsync();
        }
    }
}
