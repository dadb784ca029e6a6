using System.Security.Cryptography;
using System.Text;

namespace PipelineSpecs.Support.Lifecycle;

/// <summary>
/// Builds <c>build/lambda.zip</c> from <c>Function/</c>, only when the function's sources changed since the last
/// build: a developer iterating on a test, not on the handler, should not pay for a publish.
/// </summary>
public sealed class FunctionPackage(RepositoryLayout layout)
{
    private static readonly string[] IgnoredFolders = ["bin", "obj", "Tests", "Benchmarks"];

    private string StampFile => layout.LambdaZip + ".inputs";

    /// <summary>Publishes the function when its inputs changed; returns whether it did.</summary>
    public async Task<bool> EnsureBuiltAsync(CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint();
        if (File.Exists(layout.LambdaZip) && File.Exists(StampFile) && File.ReadAllText(StampFile) == fingerprint)
        {
            SuiteLog.Info($"Function unchanged since the last build: reusing {layout.LambdaZip}");
            return false;
        }

        SuiteLog.Info("Function changed (or never built): dotnet publish Function/Function.csproj -c Release");
        await ChildProcess.RunAsync(
            "dotnet", ["publish", "Function/Function.csproj", "-c", "Release", "--nologo"], layout.Root,
            cancellationToken: cancellationToken);

        if (!File.Exists(layout.LambdaZip))
        {
            throw new InvalidOperationException($"dotnet publish succeeded but {layout.LambdaZip} is missing.");
        }

        await File.WriteAllTextAsync(StampFile, fingerprint, cancellationToken);
        SuiteLog.Info($"Built {layout.LambdaZip} ({new FileInfo(layout.LambdaZip).Length / 1024} KiB)");
        return true;
    }

    /// <summary>A hash of every file that goes into the function, so any edit triggers a rebuild.</summary>
    private string Fingerprint()
    {
        var inputs = Directory
            .EnumerateFiles(layout.FunctionFolder, "*", SearchOption.AllDirectories)
            .Where(IsFunctionInput)
            .Concat([
                Path.Combine(layout.Root, "Directory.Build.props"),
                Path.Combine(layout.Root, "Directory.Packages.props"),
            ])
            .Where(File.Exists)
            .Order(StringComparer.Ordinal);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in inputs)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(layout.Root, file)));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private bool IsFunctionInput(string path)
    {
        var relative = Path.GetRelativePath(layout.FunctionFolder, path);
        var parts = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return !parts.Any(part => IgnoredFolders.Contains(part, StringComparer.OrdinalIgnoreCase));
    }
}
