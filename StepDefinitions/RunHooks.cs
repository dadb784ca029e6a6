using PipelineSpecs.Support.Drivers;
using PipelineSpecs.Support.Lifecycle;
using Reqnroll;
using Reqnroll.BoDi;

namespace PipelineSpecs.StepDefinitions;

/// <summary>
/// The run's lifecycle: settings are read before the first scenario (a bad one stops the run at once), the stack
/// is deployed by the first scenario that needs it, and torn down after the last.
/// </summary>
[Binding]
public sealed class RunHooks
{
    private const string GateKey = "pipelinespecs.gate";

    [BeforeTestRun]
    public static void ReadSettings()
    {
        PipelineRun.Begin();
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

    [BeforeScenario(Order = 1)]
    public static async Task EnterTheStack(ScenarioContext scenario)
    {
        var gate = PipelineRun.Current.Gate;
        scenario[GateKey] = scenario.ScenarioInfo.CombinedTags.Contains(ScenarioGate.ExclusiveTag)
            ? await gate.EnterExclusiveAsync(CancellationToken.None)
            : await gate.EnterSharedAsync(CancellationToken.None);
    }

    [AfterScenario(Order = 0)]
    public static async Task StopListening(SummaryDriver summaries)
    {
        await summaries.DisposeAsync();
    }

    [AfterScenario(Order = 100)]
    public static async Task LeaveTheStack(ScenarioContext scenario)
    {
        if (scenario.TryGetValue(GateKey, out IAsyncDisposable exit))
        {
            await exit.DisposeAsync();
        }
    }
}
