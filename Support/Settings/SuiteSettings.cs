namespace PipelineSpecs.Support.Settings;

/// <summary>The target the suite deploys to and observes.</summary>
public enum TargetKind
{
    /// <summary>An emulator answering at <see cref="SuiteSettings.Endpoint"/>: embedded, LocalStack or moto.</summary>
    Local,

    /// <summary>A real AWS account, reached through the default credential chain.</summary>
    Aws,
}

/// <summary>Whether the suite may start the embedded emulator itself.</summary>
public enum EmulatorMode
{
    /// <summary>Start the embedded emulator when nothing answers at the endpoint.</summary>
    Auto,

    /// <summary>Never start one: fail fast when nothing answers.</summary>
    Never,
}

/// <summary>The suite's settings, parsed once at the start of a run from the environment.</summary>
/// <param name="Target">Where the pipeline runs.</param>
/// <param name="Endpoint">The emulator's endpoint, or null on AWS.</param>
/// <param name="Region">The AWS region.</param>
/// <param name="Emulator">Whether the suite may start the embedded emulator.</param>
/// <param name="KeepStack">Whether the stack outlives the run.</param>
/// <param name="WaitBudget">How long a step waits for an asynchronous result.</param>
/// <param name="StackPrefix">The prefix of every resource name of this run's stack.</param>
/// <param name="TargetLabel">The target's column in the conformance matrix.</param>
/// <param name="ExpectedDivergences">Tags of scenarios this target is known not to support.</param>
/// <param name="ThumbnailEngine">The function's thumbnail engine, <c>imagesharp</c> or <c>libvips</c>, as
/// Terraform's <c>thumbnail_engine</c> spells it.</param>
public sealed record SuiteSettings(
    TargetKind Target,
    Uri? Endpoint,
    string Region,
    EmulatorMode Emulator,
    bool KeepStack,
    TimeSpan WaitBudget,
    string StackPrefix,
    string TargetLabel,
    IReadOnlySet<string> ExpectedDivergences,
    string ThumbnailEngine)
{
    /// <summary>
    /// The budget for a wait on <paramref name="items"/> results at once, such as a burst's thumbnails: the single
    /// budget per ten items, since a target processes a burst a few at a time.
    /// </summary>
    public TimeSpan WaitBudgetFor(int items) => WaitBudget * Math.Max(1, items / 10.0);

    /// <summary>Whether the endpoint is on this machine, where the embedded emulator may be started.</summary>
    public bool EndpointIsLoopback => Endpoint is not null && (Endpoint.IsLoopback || Endpoint.Host == "localhost");
}
