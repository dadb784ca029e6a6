namespace PipelineSpecs.Support.Settings;

/// <summary>
/// Names of the environment variables the suite reads. A runsettings file sets them through
/// <c>RunConfiguration/EnvironmentVariables</c>, so the AWS SDKs and Terraform see the same values.
/// </summary>
public static class SettingNames
{
    /// <summary>Where the pipeline is deployed: <c>local</c> (an emulator at an endpoint) or <c>aws</c>.</summary>
    public const string Target = "PIPELINESPECS_TARGET";

    /// <summary>
    /// Endpoint of the emulator. This is the SDK's own variable: set by the runsettings of an emulator target,
    /// absent for <c>aws</c>, so clients reach the regional endpoints.
    /// </summary>
    public const string Endpoint = "AWS_ENDPOINT_URL";

    /// <summary>The AWS region; the SDK's own variable.</summary>
    public const string Region = "AWS_REGION";

    /// <summary>
    /// Whether the suite starts the embedded emulator: <c>auto</c> starts it when nothing answers at the endpoint,
    /// <c>never</c> insists on an emulator started by the user.
    /// </summary>
    public const string EmulatorMode = "PIPELINESPECS_EMULATOR";

    /// <summary><c>true</c> keeps the deployed stack (and an emulator the suite started) after the run.</summary>
    public const string KeepStack = "PIPELINESPECS_KEEP_STACK";

    /// <summary>Seconds a step waits for an asynchronous result (a thumbnail, a message) before it fails.</summary>
    public const string WaitSeconds = "PIPELINESPECS_WAIT_SECONDS";

    /// <summary>
    /// Prefix of every resource name. Optional: by default each run gets a fresh one, and a kept stack
    /// a stable one, so the next run finds it again.
    /// </summary>
    public const string StackPrefix = "PIPELINESPECS_STACK_PREFIX";

    /// <summary>
    /// The target's name in the conformance matrix. Optional: by default <c>aws</c>, <c>embedded</c> (the suite may
    /// start the emulator) or <c>external</c> (it may not).
    /// </summary>
    public const string TargetLabel = "PIPELINESPECS_TARGET_LABEL";

    /// <summary>
    /// The function's thumbnail engine, <c>imagesharp</c> (the default) or <c>libvips</c>: passed to every stack the
    /// run deploys as the Terraform variable <c>thumbnail_engine</c>, so the suite checks the engine it names.
    /// </summary>
    public const string ThumbnailEngine = "PIPELINESPECS_THUMBNAIL_ENGINE";

    /// <summary>
    /// Comma-separated tags of scenarios this target is known not to support. Such scenarios are reported as
    /// expected divergences (skipped, and named in the matrix) instead of failing or timing out.
    /// </summary>
    public const string ExpectedDivergences = "PIPELINESPECS_EXPECTED_DIVERGENCES";
}
