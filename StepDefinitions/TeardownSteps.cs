using PipelineSpecs.Support.Drivers;
using PipelineSpecs.Support.Fixtures;
using PipelineSpecs.Support.Lifecycle;
using Reqnroll;
using Shouldly;

namespace PipelineSpecs.StepDefinitions;

/// <summary>Steps about destroying a stack and what it leaves behind.</summary>
[Binding]
public sealed class TeardownSteps(
    PipelineRun run,
    ScenarioStack stacks,
    ScenarioContext scenario,
    UploadDriver uploads,
    ThumbnailDriver thumbnails,
    SummaryDriver summaries,
    StackInventory inventory)
{
    private StackOutputs? _stack;

    private string Owner => "scenario " + scenario.ScenarioInfo.Title;

    [Given("a stack of its own that has processed one image")]
    public async Task GivenAStackOfItsOwn()
    {
        _stack = await run.GetExtraStackAsync(Owner, CancellationToken.None);
        stacks.Use(_stack);

        await summaries.SubscribeAsync(CancellationToken.None);
        var upload = await uploads.UploadAsync(
            "avatar.png", UploadContent.Parse("800x600 PNG"), CancellationToken.None);
        await thumbnails.WaitForThumbnailAsync(ThumbnailDriver.ThumbnailKeyFor(upload.Key), CancellationToken.None);
    }

    [When("that stack is destroyed")]
    public async Task WhenTheStackIsDestroyed()
    {
        await summaries.DisposeAsync();
        await run.ReleaseExtraStackAsync(Owner, evenWhenKept: true, CancellationToken.None);
    }

    [Then("nothing with its prefix remains in S3, Lambda, SNS, SQS, IAM or CloudWatch Logs")]
    public async Task ThenNothingRemains()
    {
        var stack = _stack ?? throw new InvalidOperationException("No stack of its own was deployed.");
        var leftovers = await inventory.FindAsync(stack, CancellationToken.None);

        leftovers.ShouldBeEmpty($"after destroying stack {stack.Prefix}, these remain: {string.Join("; ", leftovers)}");
    }
}
