namespace PipelineSpecs.Support.Lifecycle;

/// <summary>Where the repository's parts are, found from the test assembly's folder upwards.</summary>
public sealed class RepositoryLayout
{
    private const string Marker = "PipelineSpecs.sln";

    private RepositoryLayout(string root) => Root = root;

    /// <summary>The repository root: the folder holding <c>PipelineSpecs.sln</c>.</summary>
    public string Root { get; }

    /// <summary>The folder of build outputs, <c>build/</c>, ignored by git.</summary>
    public string BuildFolder => Path.Combine(Root, "build");

    /// <summary>The deployable function package.</summary>
    public string LambdaZip => Path.Combine(BuildFolder, "lambda.zip");

    /// <summary>The reference function's project folder.</summary>
    public string FunctionFolder => Path.Combine(Root, "Function");

    /// <summary>The script that runs Terraform for this project.</summary>
    public string StackScript => Path.Combine(Root, "infra", "stack.py");

    /// <summary>The embedded emulator's entry script.</summary>
    public string EmulatorScript => Path.Combine(Root, "infra", "local", "emulator.py");

    /// <summary>Finds the repository from the running assembly's folder.</summary>
    public static RepositoryLayout Discover()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, Marker)))
            {
                return new RepositoryLayout(folder.FullName);
            }
        }

        throw new InvalidOperationException(
            $"Could not find {Marker} above {AppContext.BaseDirectory}: run the suite from a clone of the repository.");
    }
}
