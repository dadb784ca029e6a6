using Reqnroll;

namespace PipelineSpecs.Bridge.Sample.StepDefinitions;

/// <summary>Test-run and feature hooks, and the parallel-feature probe; Bridge.Tests reads what they leave.</summary>
[Binding]
public sealed class RunHooks
{
    /// <summary>File in the working directory (the output directory) with one line per hook call.</summary>
    public const string HookLog = "hooks.log";

    private static readonly TimeSpan _meetingDeadline = TimeSpan.FromSeconds(20);
    private static readonly Barrier _parallelFeatures = new(2);
    private static readonly Lock _logLock = new();

    [BeforeTestRun]
    public static void BeforeTestRun() => Log("before test run");

    [AfterTestRun]
    public static void AfterTestRun() => Log("after test run");

    [BeforeFeature]
    public static void BeforeFeature(FeatureContext feature) => Log($"before feature {feature.FeatureInfo.Title}");

    [AfterFeature]
    public static void AfterFeature(FeatureContext feature) => Log($"after feature {feature.FeatureInfo.Title}");

    [Given("the feature {string} meets the other parallel feature")]
    public static void GivenTheFeatureMeetsTheOther(string feature)
    {
        // Both scenarios must be inside their step at the same time: proof that two features ran in parallel.
        if (!_parallelFeatures.SignalAndWait(_meetingDeadline))
            throw new TimeoutException($"{feature} waited {_meetingDeadline}; the other parallel feature never came");
    }

    private static void Log(string line)
    {
        // Features of different groups run in parallel and would collide on the file.
        lock (_logLock)
            File.AppendAllText(HookLog, line + Environment.NewLine);
    }
}
