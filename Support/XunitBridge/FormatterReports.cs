using System.Text.Json;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>Finds the files Reqnroll's built-in formatters were told to write in <c>reqnroll.json</c>.</summary>
internal static class FormatterReports
{
    private static readonly Dictionary<string, string> _defaultFileNames = new(StringComparer.Ordinal)
    {
        ["html"] = "reqnroll_report.html",
        ["message"] = "reqnroll_report.ndjson",
    };

    /// <summary>
    /// One line per formatter output that exists, with its absolute path. Reqnroll resolves a relative path
    /// against the working directory, which is the test output directory under <c>dotnet test</c>.
    /// </summary>
    public static IEnumerable<string> Written(string configDirectory, string workingDirectory)
    {
        var config = Path.Combine(configDirectory, "reqnroll.json");
        if (!File.Exists(config))
            return [];

        using var json = JsonDocument.Parse(File.ReadAllText(config));
        if (!json.RootElement.TryGetProperty("formatters", out var formatters))
            return [];

        return formatters.EnumerateObject()
            .Select(f => (f.Name, Path: Path.GetFullPath(ConfiguredPath(f), workingDirectory)))
            .Where(f => File.Exists(f.Path))
            .Select(f => $"Reqnroll {f.Name} report: {f.Path}")
            .ToList();
    }

    private static string ConfiguredPath(JsonProperty formatter)
    {
        if (formatter.Value.ValueKind == JsonValueKind.Object
            && formatter.Value.TryGetProperty("outputFilePath", out var path)
            && path.GetString() is { Length: > 0 } configured)
            return configured;
        return _defaultFileNames.GetValueOrDefault(formatter.Name, formatter.Name);
    }
}
