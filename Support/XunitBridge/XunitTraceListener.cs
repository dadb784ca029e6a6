using Reqnroll.Tracing;
using Xunit;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// Sends Reqnroll's step trace and <c>IReqnrollOutputHelper</c> lines to the running xUnit test's output, so they
/// land in the test result; outside a test (test-run hooks) they go to the console.
/// </summary>
internal sealed class XunitTraceListener : ITraceListener
{
    /// <inheritdoc />
    public void WriteTestOutput(string message) => Write(message);

    /// <inheritdoc />
    public void WriteToolOutput(string message) => Write("-> " + message);

    private static void Write(string line)
    {
        var output = TestContext.Current.TestOutputHelper;
        if (output is not null && TestContext.Current.PipelineStage == TestPipelineStage.TestExecution)
            output.WriteLine(line);
        else
            Console.WriteLine(line);
    }
}
