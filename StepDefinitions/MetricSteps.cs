using PipelineSpecs.Support.Drivers;
using Reqnroll;

namespace PipelineSpecs.StepDefinitions;

/// <summary>Steps about the FilesProcessed metric.</summary>
[Binding]
public sealed class MetricSteps(MetricDriver metrics)
{
    [Given("the FilesProcessed count is still")]
    public async Task GivenTheCountIsStill()
    {
        await metrics.SettleAsync(CancellationToken.None);
    }

    [Then("FilesProcessed grows by exactly {int}")]
    public async Task ThenFilesProcessedGrowsBy(int count)
    {
        await metrics.ExpectGrowthAsync(count, CancellationToken.None);
    }

    [Then("FilesProcessed does not grow")]
    public async Task ThenFilesProcessedDoesNotGrow()
    {
        await metrics.ExpectGrowthAsync(0, CancellationToken.None);
    }
}
