using System.Reflection;
using Reqnroll;
using Xunit;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// Runs one pickle through Reqnroll's <see cref="ITestRunner"/> in the order Reqnroll's generated test classes use:
/// feature start (ending another feature first), scenario initialise, start, steps, error collection, scenario end.
/// </summary>
internal static class ScenarioRunner
{
    /// <summary>Runs <paramref name="scenario"/> with the bindings of <paramref name="testAssembly"/>.</summary>
    public static async Task RunAsync(ScenarioCase scenario, Assembly testAssembly, ITestOutputHelper? output)
    {
        var featureInfo = scenario.Feature.FeatureInfo;
        var runner = TestRunnerManager.GetTestRunnerForAssembly(testAssembly, featureHint: featureInfo);
        try
        {
            await StartFeatureAsync(runner, featureInfo);
            runner.OnScenarioInitialize(scenario.ScenarioInfo, scenario.RuleInfo);
            if (output is not null)
                runner.ScenarioContext.ScenarioContainer.RegisterInstanceAs(output);
            await RunScenarioAsync(runner, scenario);
        }
        finally
        {
            await runner.OnScenarioEndAsync();
            TestRunnerManager.ReleaseTestRunner(runner);
        }

        if (IsLastOfFeature(scenario))
            await TestRunnerManager.ReleaseFeatureAsync(featureInfo, testAssembly);
    }

    private static async Task StartFeatureAsync(ITestRunner runner, FeatureInfo featureInfo)
    {
        try
        {
            // Reqnroll compares by reference: every case of a feature shares its one FeatureInfo.
            if (runner.FeatureContext is not null && !ReferenceEquals(runner.FeatureContext.FeatureInfo, featureInfo))
                await runner.OnFeatureEndAsync();
        }
        finally
        {
            if (runner.FeatureContext?.BeforeFeatureHookFailed == true)
                throw new ReqnrollException(
                    "[before feature hook error]", runner.FeatureContext.BeforeFeatureHookError);
            if (runner.FeatureContext is null)
                await runner.OnFeatureStartAsync(featureInfo);
        }
    }

    private static async Task RunScenarioAsync(ITestRunner runner, ScenarioCase scenario)
    {
        ScenarioStep? failedStep = null;
        if (TagHelper.ContainsIgnoreTag(scenario.ScenarioInfo.CombinedTags))
        {
            await runner.SkipScenarioAsync();
        }
        else
        {
            await runner.OnScenarioStartAsync();
            failedStep = await RunStepsAsync(runner, scenario.Steps);
        }

        await CollectErrorsAsync(runner, failedStep);
    }

    /// <summary>Runs every step (Reqnroll skips the ones after an error) and returns the first that failed.</summary>
    private static async Task<ScenarioStep?> RunStepsAsync(ITestRunner runner, IReadOnlyList<ScenarioStep> steps)
    {
        // After a failing [BeforeScenario] hook no step is at fault; Reqnroll reports the hook's exception.
        var hookFailed = runner.ScenarioContext.ScenarioExecutionStatus != ScenarioExecutionStatus.OK;
        ScenarioStep? failedStep = null;
        foreach (var step in steps)
        {
            await RunStepAsync(runner, step);
            var status = runner.ScenarioContext.ScenarioExecutionStatus;
            if (!hookFailed && failedStep is null && status == ScenarioExecutionStatus.TestError)
                failedStep = step;
        }

        return failedStep;
    }

    private static Task RunStepAsync(ITestRunner runner, ScenarioStep step) => step.Kind switch
    {
        StepKind.Given => runner.GivenAsync(step.Text, step.DocString, step.Table, step.Keyword),
        StepKind.When => runner.WhenAsync(step.Text, step.DocString, step.Table, step.Keyword),
        StepKind.Then => runner.ThenAsync(step.Text, step.DocString, step.Table, step.Keyword),
        StepKind.But => runner.ButAsync(step.Text, step.DocString, step.Table, step.Keyword),
        _ => runner.AndAsync(step.Text, step.DocString, step.Table, step.Keyword),
    };

    /// <summary>Turns Reqnroll's verdict into an xUnit outcome that names the step at fault.</summary>
    private static async Task CollectErrorsAsync(ITestRunner runner, ScenarioStep? failedStep)
    {
        try
        {
            await runner.CollectScenarioErrorsAsync();
        }
        catch (ScenarioPendingException ex)
        {
            if (runner.ScenarioContext.ScenarioExecutionStatus == ScenarioExecutionStatus.UndefinedStep)
                throw new ScenarioStepException(ex.Message);
            Assert.Skip(ex.Message);
        }
        catch (Exception ex) when (failedStep is not null && ex is not ScenarioStepException)
        {
            var message = $"Step failed: {failedStep}{Environment.NewLine}{ex.GetType().Name}: {ex.Message}";
            throw new ScenarioStepException(message, ex);
        }
    }

    private static bool IsLastOfFeature(ScenarioCase scenario) =>
        scenario.PickleIndex == scenario.Feature.Pickles.Count - 1;
}
