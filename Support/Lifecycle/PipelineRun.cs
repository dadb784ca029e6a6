using System.Diagnostics;
using PipelineSpecs.Support.Drivers;
using PipelineSpecs.Support.Polling;
using PipelineSpecs.Support.Reporting;
using PipelineSpecs.Support.Settings;

namespace PipelineSpecs.Support.Lifecycle;

/// <summary>
/// One run of the suite against one target: settings read once, the stack deployed lazily by the first scenario
/// that needs it (a run that selects no such scenario builds and deploys nothing), and torn down at the end, also
/// when scenarios failed or the run was cancelled.
/// </summary>
public sealed class PipelineRun
{
    private static readonly TimeSpan TeardownBudget = TimeSpan.FromMinutes(3);

    private static PipelineRun? _current;

    private readonly SemaphoreSlim _gate = new(1, 1);

    private readonly Stopwatch _sinceDeployed = new();

    private readonly Lazy<Task> _preparation;

    private Task<StackOutputs>? _deployment;

    private readonly List<Task> _backgroundReleases = [];

    private readonly Dictionary<string, (TerraformStack Stack, Task<StackOutputs> Deployment)> _extraStacks =
        new(StringComparer.Ordinal);

    private int _extraStackCount;

    private EmbeddedEmulator? _emulator;

    private int _finished;

    private bool _applyStarted;

    private PipelineRun(SuiteSettings settings, RepositoryLayout layout)
    {
        Settings = settings;
        Layout = layout;
        Clients = new AwsClientFactory(settings);
        Matrix = new ConformanceMatrix(Path.Combine(layout.Root, "TestResults"), settings.TargetLabel);
        _preparation = new Lazy<Task>(PrepareAsync);
    }

    /// <summary>The run of this process; set by the test-run hook before any scenario starts.</summary>
    public static PipelineRun Current =>
        _current ?? throw new InvalidOperationException("The run has not started: the [BeforeTestRun] hook did not run.");

    /// <summary>The run of this process, or null when its settings could not be read.</summary>
    public static PipelineRun? Started => _current;

    /// <summary>The settings of this run.</summary>
    public SuiteSettings Settings { get; }

    /// <summary>Where the repository's parts are.</summary>
    public RepositoryLayout Layout { get; }

    /// <summary>Clients for the target, shared by every scenario.</summary>
    public AwsClientFactory Clients { get; }

    /// <summary>This run's column of the conformance matrix.</summary>
    public ConformanceMatrix Matrix { get; }

    /// <summary>Lets scenarios share the stack, or one run alone.</summary>
    public ScenarioGate Gate { get; } = new();

    /// <summary>Phase durations of this run.</summary>
    public PhaseTimer Phases { get; } = new();

    /// <summary>
    /// Reads the settings (failing at once on a bad one), checks that a real AWS account has credentials before
    /// anything is built or created, and makes this the current run.
    /// </summary>
    public static async Task<PipelineRun> BeginAsync()
    {
        var run = Begin();
        if (run.Settings.Target == TargetKind.Aws)
        {
            await run.RequireCredentialsAsync();
        }

        return run;
    }

    private async Task RequireCredentialsAsync()
    {
        try
        {
            await Clients.Config.GetCredentialsAsync(CancellationToken.None);
        }
        catch (InvalidOperationException error)
        {
            throw new SettingsException(
                $"{SettingNames.Target}=aws, but no AWS credentials were found, so nothing was built or created. " +
                "Provide them through the default chain: `aws configure` or `aws sso login --profile <name>` and " +
                "AWS_PROFILE=<name> in the environment; or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY(/AWS_SESSION_TOKEN); " +
                "or, in CI, OpenID Connect role assumption (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE). " +
                $"Never put keys in a runsettings file. Cause: {error.Message}");
        }
    }

    private static PipelineRun Begin()
    {
        var settings = SettingsParser.FromEnvironment();

        // Every target runs Terraform through infra/stack.py: a missing interpreter is a bad setting, found now.
        PythonLocator.Find();
        var run = new PipelineRun(settings, RepositoryLayout.Discover());
        _current = run;

        AppDomain.CurrentDomain.ProcessExit += (_, _) => run.FinishAsync(CancellationToken.None).GetAwaiter().GetResult();
        SuiteLog.Info($"Target {settings.Target}, endpoint {settings.Endpoint?.ToString() ?? "AWS"}, region " +
                      $"{settings.Region}, stack prefix {settings.StackPrefix}, wait budget " +
                      $"{settings.WaitBudget.TotalSeconds:0.#} s, keep stack {settings.KeepStack}, thumbnail engine " +
                      settings.ThumbnailEngine);
        return run;
    }

    /// <summary>
    /// The deployed stack, deploying it on first use. A failed deployment is remembered, so every scenario fails
    /// with the same cause instead of deploying again.
    /// </summary>
    public async Task<StackOutputs> GetStackAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _deployment ??= DeployAsync();
        }
        finally
        {
            _gate.Release();
        }

        return await _deployment.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// A stack of its own for <paramref name="owner"/> (a feature, or a scenario that tests teardown), deployed on
    /// first use next to the shared one and destroyed by <see cref="ReleaseExtraStackAsync"/> or, at the latest, at
    /// the end of the run. <paramref name="variables"/> sets Terraform variables of that stack only.
    /// </summary>
    public async Task<StackOutputs> GetExtraStackAsync(
        string owner, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? variables = null)
    {
        // Only the zip and the emulator are shared: the apply runs alongside the shared stack's (stack.py lets
        // one of them initialise Terraform), which saves a whole apply on the scenario's path.
        await _preparation.Value.WaitAsync(cancellationToken);
        Task<StackOutputs> deployment;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_extraStacks.TryGetValue(owner, out var stack))
            {
                var extra = StackNamed(StackPrefixes.Derived(Settings.StackPrefix, ++_extraStackCount), variables);
                stack = (extra, DeployExtraStackAsync(owner, extra));
                _extraStacks[owner] = stack;
            }

            deployment = stack.Deployment;
        }
        finally
        {
            _gate.Release();
        }

        return await deployment.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Destroys the extra stack of <paramref name="owner"/>, if it has one; a kept run keeps it unless
    /// <paramref name="evenWhenKept"/>.
    /// </summary>
    public async Task ReleaseExtraStackAsync(string owner, bool evenWhenKept, CancellationToken cancellationToken)
    {
        (TerraformStack Stack, Task<StackOutputs> Deployment) stack;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_extraStacks.Remove(owner, out stack))
            {
                return;
            }
        }
        finally
        {
            _gate.Release();
        }

        if (!Settings.KeepStack || evenWhenKept)
        {
            // Destroy even when the apply failed half-way: Terraform's state knows what it did create.
            await stack.Deployment.ContinueWith(_ => { }, TaskScheduler.Default);
            var watch = Stopwatch.StartNew();
            try
            {
                await stack.Stack.DestroyAsync(cancellationToken);
            }
            catch
            {
                // Interrupted or failed: the stack is owed a destroy still, which the run's teardown retries.
                await KeepOwingAsync(owner, stack);
                throw;
            }

            SuiteLog.Info($"Destroyed stack {stack.Stack.Prefix} in {watch.Elapsed.TotalSeconds:0.0} s");
        }
    }

    private async Task KeepOwingAsync(string owner, (TerraformStack Stack, Task<StackOutputs> Deployment) stack)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            _extraStacks.TryAdd(owner, stack);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Starts destroying the extra stack of <paramref name="owner"/> without holding up the caller (a feature's
    /// last scenario frees its test worker at once); the run's teardown waits for it and reports its failure.
    /// </summary>
    public void ReleaseExtraStackInBackground(string owner)
    {
        var release = Task.Run(() => ReleaseExtraStackAsync(owner, evenWhenKept: false, CancellationToken.None));
        lock (_backgroundReleases)
        {
            _backgroundReleases.Add(release);
        }
    }

    // Counted in the scenarios phase: the scenario that needs its own stack waits for it.
    private static async Task<StackOutputs> DeployExtraStackAsync(string owner, TerraformStack stack)
    {
        var watch = Stopwatch.StartNew();
        var outputs = await stack.ApplyAsync(CancellationToken.None);
        SuiteLog.Info($"Deployed stack {stack.Prefix} for '{owner}' in {watch.Elapsed.TotalSeconds:0.0} s");
        return outputs;
    }

    /// <summary>A Terraform stack of this run's settings under another prefix, with its own variables if any.</summary>
    public TerraformStack StackNamed(string prefix, IReadOnlyDictionary<string, string>? variables = null) =>
        new(Layout, Settings with { StackPrefix = prefix }, variables);

    /// <summary>Tears down what the run created and started, and prints the phase timings. Runs once.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1)
        {
            return;
        }

        if (_sinceDeployed.IsRunning)
        {
            Phases.Record("scenarios", _sinceDeployed.Elapsed);
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TeardownBudget);
        try
        {
            await Phases.TimeAsync("teardown", () => TearDownAsync(budget.Token));
        }
        finally
        {
            SuiteLog.Info(Phases.Summary());
            foreach (var line in WaitLedger.Summary(Phases.Elapsed("scenarios")))
            {
                SuiteLog.Info(line);
            }

            SuiteLog.Info(Matrix.Recorded == 0
                ? "No scenario ran: the conformance matrix is left as it was."
                : $"Conformance matrix ({Settings.TargetLabel} column updated): {Matrix.Save()}");
        }
    }

    // What every stack needs first, done once. Deliberately not bound to a scenario's token: it serves them all.
    private async Task PrepareAsync()
    {
        // Fail fast on a missing endpoint before paying for a build; then build while the emulator starts.
        var emulatorNeeded = await EmulatorNeededAsync(CancellationToken.None);
        var emulator = Phases.TimeAsync("emulator", () => StartEmulatorAsync(emulatorNeeded, CancellationToken.None));
        var build = Phases.TimeAsync("build", () => new FunctionPackage(Layout).EnsureBuiltAsync(CancellationToken.None));

        // Whichever fails first is reported at once, not after the other has finished (a publish takes a minute).
        await await Task.WhenAny(emulator, build);
        await Task.WhenAll(emulator, build);
    }

    private async Task<StackOutputs> DeployAsync()
    {
        await _preparation.Value;

        _applyStarted = true;
        var outputs = await Phases.TimeAsync(
            "deploy", () => StackNamed(Settings.StackPrefix).ApplyAsync(CancellationToken.None));
        SuiteLog.Info($"Deployed stack {outputs.Prefix}: incoming s3://{outputs.IncomingBucket}, processed " +
                      $"s3://{outputs.ProcessedBucket}, function {outputs.FunctionName}");

        _sinceDeployed.Start();
        return outputs;
    }

    private async Task<bool> EmulatorNeededAsync(CancellationToken cancellationToken)
    {
        if (Settings.Endpoint is not { } endpoint)
        {
            return false;
        }

        if (await EmbeddedEmulator.IsAnsweringAsync(endpoint, cancellationToken))
        {
            await RequireAwsCompatibleAsync(endpoint, cancellationToken);
            SuiteLog.Info($"An emulator already answers at {endpoint}: using it (the suite will not stop it).");
            return false;
        }

        if (Settings.Emulator == EmulatorMode.Never || !Settings.EndpointIsLoopback)
        {
            throw new InvalidOperationException(NothingAnswers(endpoint));
        }

        return EmbeddedEmulator.CanServe(endpoint)
            ? true
            : throw new SettingsException(
                $"{SettingNames.Endpoint}={endpoint} cannot be served by the embedded emulator, which speaks plain " +
                "http on 127.0.0.1: use http://localhost:<port> or http://127.0.0.1:<port>.");
    }

    // Anything may listen on a port; only something that answers S3 the AWS way can hold a stack.
    private async Task RequireAwsCompatibleAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        try
        {
            await Clients.S3.ListBucketsAsync(cancellationToken);
        }
        catch (Amazon.Runtime.AmazonServiceException error)
            when (error.ErrorCode is { Length: > 0 } && error.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            // An AWS-style error (for example AccessDenied) still proves an AWS-compatible endpoint; a 404 does not:
            // S3 answers ListBuckets at the root, and any web server says NotFound.
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"Something answers at {endpoint}, but it is not an AWS-compatible emulator (S3 ListBuckets failed: " +
                $"{error.GetType().Name}: {error.Message}). Free the port, or point {SettingNames.Endpoint} elsewhere.",
                error);
        }
    }

    private async Task StartEmulatorAsync(bool needed, CancellationToken cancellationToken)
    {
        if (needed)
        {
            _emulator = await EmbeddedEmulator.StartAsync(Layout, Settings.Endpoint!, Settings.KeepStack, cancellationToken);
        }
    }

    private async Task TearDownAsync(CancellationToken cancellationToken)
    {
        if (!_preparation.IsValueCreated)
        {
            SuiteLog.Info("No scenario needed a stack: nothing was built, started or deployed.");
            return;
        }

        if (Settings.KeepStack)
        {
            SuiteLog.Info($"Keeping stack {Settings.StackPrefix} ({SettingNames.KeepStack}=true)" + KeptEmulatorNote());
            return;
        }

        try
        {
            // A release that failed in the background put its stack back; it is retried with the others below.
            await SettleBackgroundReleasesAsync();

            // Stacks are independent (state, names), so they are destroyed side by side.
            await Task.WhenAll(StackDestructions(cancellationToken));
        }
        finally
        {
            if (_emulator is not null)
            {
                await _emulator.DisposeAsync();
            }
        }
    }

    private IEnumerable<Task> StackDestructions(CancellationToken cancellationToken)
    {
        foreach (var owner in _extraStacks.Keys.ToList())
        {
            yield return ReleaseExtraStackAsync(owner, evenWhenKept: false, cancellationToken);
        }

        if (_applyStarted)
        {
            yield return DestroyStackAsync(cancellationToken);
        }
    }

    private async Task SettleBackgroundReleasesAsync()
    {
        List<Task> releases;
        lock (_backgroundReleases)
        {
            releases = [.. _backgroundReleases];
        }

        try
        {
            await Task.WhenAll(releases);
        }
        catch (Exception error)
        {
            SuiteLog.Info($"A stack destroyed in the background failed ({error.Message}); destroying it again.");
        }
    }

    private async Task DestroyStackAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StackNamed(Settings.StackPrefix).DestroyAsync(cancellationToken);
            SuiteLog.Info($"Destroyed stack {Settings.StackPrefix}");
        }
        catch (Exception error)
        {
            SuiteLog.Info($"Destroying stack {Settings.StackPrefix} failed; it may have leftovers: " +
                          $"`python3 infra/stack.py teardown --prefix {Settings.StackPrefix}` retries this run's stacks " +
                          $"only (the janitor would also take other live runs' stacks): {error.Message}");
            throw;
        }
    }

    private string KeptEmulatorNote() => _emulator is null
        ? "."
        : $"; the embedded emulator keeps running (pid {_emulator.ProcessId}) so the stack survives: stop it with " +
          $"`kill {_emulator.ProcessId}` when done.";

    private string NothingAnswers(Uri endpoint) =>
        $"Nothing answers at {endpoint} ({SettingNames.Endpoint}), and the suite may not start the embedded emulator " +
        (Settings.Emulator == EmulatorMode.Never
            ? $"({SettingNames.EmulatorMode}=never). "
            : "(it only starts one on a loopback endpoint). ") +
        $"Start one first: `python3 infra/local/emulator.py --port {endpoint.Port}` for the embedded emulator, or " +
        (Settings.Emulator == EmulatorMode.Never
            ? $"LocalStack/moto on that port; or set {SettingNames.EmulatorMode}=auto to let the suite start it."
            : "LocalStack/moto on that port; or use a loopback endpoint such as http://localhost:4566, where the " +
              "suite starts the embedded emulator itself.");
}
