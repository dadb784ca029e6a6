using PipelineSpecs.Support.XunitBridge;
using Reqnroll;
using Xunit;

[assembly: AssemblyFixture(typeof(TestRunFixture))]

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// Fires Reqnroll's <c>[BeforeTestRun]</c> and <c>[AfterTestRun]</c> hooks once per run: xUnit creates an assembly
/// fixture once, before any collection starts and after all have finished, however many run in parallel.
/// At the end it names the living documentation the formatters wrote.
/// </summary>
public sealed class TestRunFixture : IAsyncLifetime
{
    /// <inheritdoc />
    public async ValueTask InitializeAsync() =>
        await TestRunnerManager.OnTestRunStartAsync(typeof(TestRunFixture).Assembly);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // The formatters flush their files while the test run ends, so the paths are reported only afterwards.
        await TestRunnerManager.OnTestRunEndAsync(typeof(TestRunFixture).Assembly);

        // VSTest keeps the test host's console output to itself; xUnit's diagnostic messages reach the
        // `dotnet test` console when xunit.runner.json sets "diagnosticMessages": true.
        foreach (var report in FormatterReports.Written(AppContext.BaseDirectory, Environment.CurrentDirectory))
            TestContext.Current.SendDiagnosticMessage(report);
    }
}
