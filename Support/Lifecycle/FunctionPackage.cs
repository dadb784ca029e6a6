namespace PipelineSpecs.Support.Lifecycle;

/// <summary>
/// Builds <c>build/lambda.zip</c> from <c>Function/</c> when the zip is missing or older than any of the function's
/// sources: a developer iterating on a scenario, not on the handler, should not pay for a publish. Comparing times,
/// not a stamp of our own, also accepts a zip someone published by hand (as CI does before the tests).
/// </summary>
public sealed class FunctionPackage(RepositoryLayout layout)
{
    private static readonly string[] IgnoredFolders = ["bin", "obj", "Tests", "Benchmarks"];

    /// <summary>Publishes the function when its sources changed; returns whether it did.</summary>
    public async Task<bool> EnsureBuiltAsync(CancellationToken cancellationToken)
    {
        var newest = NewestInput();
        if (File.Exists(layout.LambdaZip) && File.GetLastWriteTimeUtc(layout.LambdaZip) >= newest.Time)
        {
            SuiteLog.Info($"Function unchanged since {layout.LambdaZip} was built: reusing it");
            return false;
        }

        SuiteLog.Info(File.Exists(layout.LambdaZip)
            ? $"{Path.GetRelativePath(layout.Root, newest.Path)} changed: dotnet publish Function/Function.csproj -c Release"
            : "No function package yet: dotnet publish Function/Function.csproj -c Release");
        await ChildProcess.RunAsync(
            "dotnet", ["publish", "Function/Function.csproj", "-c", "Release", "--nologo"], layout.Root,
            cancellationToken: cancellationToken);

        if (!File.Exists(layout.LambdaZip))
        {
            throw new InvalidOperationException($"dotnet publish succeeded but {layout.LambdaZip} is missing.");
        }

        SuiteLog.Info($"Built {layout.LambdaZip} ({new FileInfo(layout.LambdaZip).Length / 1024} KiB)");
        return true;
    }

    /// <summary>The most recently written file that goes into the function.</summary>
    private (string Path, DateTime Time) NewestInput() =>
        Directory
            .EnumerateFiles(layout.FunctionFolder, "*", SearchOption.AllDirectories)
            .Where(IsFunctionInput)
            .Append(Path.Combine(layout.Root, "Directory.Build.props"))
            .Append(Path.Combine(layout.Root, "Directory.Packages.props"))
            .Where(File.Exists)
            .Select(path => (path, File.GetLastWriteTimeUtc(path)))
            .MaxBy(input => input.Item2);

    private bool IsFunctionInput(string path)
    {
        var relative = Path.GetRelativePath(layout.FunctionFolder, path);
        var parts = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return !parts.Any(part => IgnoredFolders.Contains(part, StringComparer.OrdinalIgnoreCase));
    }
}
