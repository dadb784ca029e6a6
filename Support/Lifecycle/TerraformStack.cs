using PipelineSpecs.Support.Settings;

namespace PipelineSpecs.Support.Lifecycle;

/// <summary>
/// Applies and destroys <c>infra/</c> under a prefix through <c>infra/stack.py</c>, the one place that knows how to
/// run Terraform here (provider mirror discovery, state per prefix, emulator endpoints).
/// </summary>
/// <param name="variables">Terraform variables this stack sets beyond the defaults of <c>infra/variables.tf</c> and
/// those every stack of the run gets, such as the fault stack's short timeout; none for the shared stack.</param>
public sealed class TerraformStack(
    RepositoryLayout layout, SuiteSettings settings, IReadOnlyDictionary<string, string>? variables = null)
{
    /// <summary>The metric namespace of <c>infra/</c>'s default, under which each stack the suite deploys counts.</summary>
    public const string MetricNamespaceRoot = "PipelineSpecs";

    /// <summary>The stack's prefix, carried by every resource name.</summary>
    public string Prefix => settings.StackPrefix;

    /// <summary>Creates or updates the stack; on a kept stack only what changed (usually the function) moves.</summary>
    public async Task<StackOutputs> ApplyAsync(CancellationToken cancellationToken)
    {
        var arguments = StackArguments("apply");
        arguments.AddRange(["--zip", layout.LambdaZip]);

        var result = await ChildProcess.RunAsync(
            PythonLocator.Find(), arguments, layout.Root, cancellationToken: cancellationToken);
        return StackOutputs.Parse(settings.StackPrefix, result.StandardOutput);
    }

    /// <summary>Destroys everything the stack created (stack.py empties its buckets first).</summary>
    public async Task DestroyAsync(CancellationToken cancellationToken)
    {
        await ChildProcess.RunAsync(
            PythonLocator.Find(), StackArguments("destroy"), layout.Root, cancellationToken: cancellationToken);
    }

    private List<string> StackArguments(string verb)
    {
        var arguments = new List<string>
        {
            layout.StackScript, verb, "--prefix", settings.StackPrefix, "--region", settings.Region,
        };
        if (settings.Endpoint is not null)
        {
            arguments.AddRange(["--endpoint", settings.Endpoint.ToString().TrimEnd('/')]);
        }

        // Destroy gets them too: Terraform evaluates the configuration, with its variables, to destroy. Every stack
        // of the run gets the run's engine and, since a metric has no name prefix, a namespace of its own: parallel
        // runs in one account, and a scenario's own stack beside the metric scenario, never add to each other's
        // FilesProcessed. A stack's own variables come after, so they could override either.
        arguments.AddRange(["--var", $"thumbnail_engine={settings.ThumbnailEngine}"]);
        arguments.AddRange(["--var", $"metric_namespace={MetricNamespaceRoot}/{settings.StackPrefix}"]);
        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            arguments.AddRange(["--var", $"{name}={value}"]);
        }

        return arguments;
    }
}
