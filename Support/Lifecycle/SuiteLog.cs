using System.Collections.Concurrent;
using System.Globalization;
using Xunit;

namespace PipelineSpecs.Support.Lifecycle;

/// <summary>
/// The suite's own log: lifecycle at Information, polling and child-process chatter at Debug. Information lines
/// reach the <c>dotnet test</c> console as xUnit diagnostic messages (VSTest hides a test process's own standard
/// output); every line also goes to standard error, which the test logs keep.
/// </summary>
public static class SuiteLog
{
    private static readonly ConcurrentQueue<string> Summary = new();

    private static readonly bool DebugEnabled =
        string.Equals(Environment.GetEnvironmentVariable("PIPELINESPECS_LOG"), "debug", StringComparison.OrdinalIgnoreCase);

    /// <summary>Lines kept for the end-of-run summary.</summary>
    public static IReadOnlyCollection<string> SummaryLines => Summary;

    /// <summary>A lifecycle event worth reading at 3 a.m.</summary>
    public static void Info(string message)
    {
        var line = Format("INFO", message);
        Summary.Enqueue(line);
        Console.Error.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
    }

    /// <summary>Detail for diagnosis: polling, child process output. Shown with PIPELINESPECS_LOG=debug.</summary>
    public static void Debug(string message)
    {
        if (DebugEnabled)
        {
            var line = Format("DEBUG", message);
            Console.Error.WriteLine(line);
            TestContext.Current.SendDiagnosticMessage(line);
        }
    }

    private static string Format(string level, string message) =>
        $"[pipelinespecs {DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {level}] {message}";
}
