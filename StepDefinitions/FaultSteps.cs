using PipelineSpecs.Support.Drivers;
using PipelineSpecs.Support.Fixtures;
using PipelineSpecs.Support.Lifecycle;
using Reqnroll;
using Shouldly;

namespace PipelineSpecs.StepDefinitions;

/// <summary>Steps about timeouts, crashes and a failing dependency, on the fault stack.</summary>
[Binding]
public sealed class FaultSteps(
    PipelineRun run,
    ScenarioStack stacks,
    ScenarioObjects objects,
    FunctionFaultDriver faults,
    ThumbnailDriver thumbnails,
    InvocationDriver invocations,
    SummaryDriver summaries,
    IReqnrollOutputHelper output)
{
    private static readonly UploadContent Picture = UploadContent.Parse("800x600 PNG");

    private readonly Dictionary<string, FaultEnding> _endings = new(StringComparer.Ordinal);

    private InvocationResponse? _response;

    // The fault stack is destroyed as soon as its feature ends, while other features go on.
    [AfterFeature("function-faults")]
    public static void ReleaseTheFaultStack()
    {
        PipelineRun.Started?.ReleaseExtraStackInBackground(FunctionFaultDriver.StackOwner);
    }

    [Given("the fault stack, whose function times out after {int} seconds and accepts fault requests")]
    public async Task GivenTheFaultStack(int seconds)
    {
        seconds.ShouldBe(FunctionFaultDriver.TimeoutSeconds, "the fault stack's timeout is set in FunctionFaultDriver");

        var stack = await run.GetExtraStackAsync(
            FunctionFaultDriver.StackOwner, CancellationToken.None, FunctionFaultDriver.StackVariables);
        stacks.Use(stack);
        output.WriteLine($"Using the fault stack {stack.Prefix} (function {stack.FunctionName})");
    }

    [When("a 800x600 PNG {string} is uploaded asking the function to {FaultRequest}")]
    [Given("a 800x600 PNG {string} in the incoming bucket that asks the function to {FaultRequest}")]
    public async Task WhenUploadedAskingForAFault(string name, FaultRequest fault)
    {
        await faults.UploadAskingForAsync(name, Picture, fault, CancellationToken.None);
    }

    // The next upload comes only once Lambda has ended the faulted request, so it cannot land in that instance.
    [Given("{string} made the function overrun its timeout")]
    public async Task GivenATimedOutUpload(string name)
    {
        var upload = await faults.UploadAskingForAsync(name, Picture, FaultRequest.Timeout, CancellationToken.None);
        _endings[name] = await faults.WaitForEndingAsync(upload, "Task timed out after", CancellationToken.None);
    }

    [Given("{string} made the function crash")]
    public async Task GivenACrashedUpload(string name)
    {
        var upload = await faults.UploadAskingForAsync(name, Picture, FaultRequest.Crash, CancellationToken.None);
        _endings[name] = await faults.WaitForEndingAsync(upload, "Runtime exited with error", CancellationToken.None);
    }

    // A type of its own, not string: a transformation to string would also rewrite any {string} argument that
    // happened to read "crash".
    [StepArgumentTransformation("(overrun its timeout|crash|fail its summary)", Name = nameof(FaultRequest))]
    public static FaultRequest ToFaultRequest(string wording) => FaultRequest.FromWording(wording);

    [Then("the function's log shows the invocation for {string} timed out after {int} seconds")]
    public void ThenTheInvocationTimedOut(string name, int seconds)
    {
        var ending = EndingOf(name);

        // Lambda reports the time it allowed, e.g. "Task timed out after 5.00 seconds" (AWS may say 5.01).
        ending.LambdaLine.ShouldContain($"Task timed out after {seconds}.", Case.Sensitive,
            $"Lambda's line for request {ending.RequestId} should name the {seconds}-second timeout");
    }

    [Then("the function's log shows the process crashed while handling {string}")]
    public void ThenTheProcessCrashed(string name)
    {
        var ending = EndingOf(name);

        ending.LambdaLine.ShouldContain("Runtime exited with error", Case.Sensitive,
            $"Lambda's line for request {ending.RequestId} should say the runtime exited");
    }

    [Then("no thumbnail was made of {string}")]
    public async Task ThenNoThumbnailWasMade(string name)
    {
        // Asked once the request has ended: its process is gone, so nothing can still write the thumbnail.
        var key = ThumbnailDriver.ThumbnailKeyFor(objects.Named(name).Key);
        var exists = await thumbnails.ExistsAsync(key, CancellationToken.None);

        exists.ShouldBeFalse($"the faulted request ended before making a thumbnail, yet {key} exists");
    }

    [Then("{string} was processed by another instance than {string}")]
    public async Task ThenProcessedByAnotherInstance(string next, string faulted)
    {
        var faultedStream = EndingOf(faulted).LogStream;
        var nextStream = await faults.StreamThatProcessedAsync(objects.Named(next), CancellationToken.None);

        nextStream.ShouldNotBe(faultedStream,
            $"Lambda replaces an instance after a timeout or a crash; {next} should not run in {faultedStream}");
        output.WriteLine($"Recovered: {next} was processed by the instance logging to {nextStream}");
    }

    [Then("the function's log says {string} failed because its summary was not published")]
    public async Task ThenTheLogSaysTheSummaryFailed(string name)
    {
        await invocations.WaitForErrorLineAsync(
            objects.Named(name), "summary was not published", "an ERROR line saying its summary was not published",
            CancellationToken.None);
    }

    [When("the function is invoked directly with the event for {string}")]
    public async Task WhenInvokedDirectly(string name)
    {
        _response = await invocations.InvokeWithS3EventAsync([objects.Named(name).Key], CancellationToken.None);
    }

    [Then("the result for {string} is failed, names its thumbnail, and says the summary was not published")]
    public async Task ThenTheResultSaysWhatFailed(string name)
    {
        var response = _response ?? throw new InvalidOperationException("The function was not invoked directly.");
        var key = objects.Named(name).Key;
        var result = response.Results.ShouldHaveSingleItem($"response: {response.Raw}");

        result.ShouldSatisfyAllConditions(
            () => result.Status.ShouldBe("failed", $"response: {response.Raw}"),
            () => result.ThumbnailKey.ShouldBe(ThumbnailDriver.ThumbnailKeyFor(key), $"response: {response.Raw}"),
            () => (result.Error ?? "").ShouldStartWith(key, Case.Sensitive, $"response: {response.Raw}"),
            () => (result.Error ?? "").ShouldContain("summary was not published", Case.Sensitive,
                $"response: {response.Raw}"));

        // The result names a thumbnail; it must really be stored, since the record is reported as half done.
        var thumbnailKey = result.ThumbnailKey ?? "";
        (await thumbnails.ExistsAsync(thumbnailKey, CancellationToken.None)).ShouldBeTrue(
            $"the result names thumbnail {thumbnailKey}, which is not in the processed bucket; response: {response.Raw}");
    }

    private FaultEnding EndingOf(string name) => _endings.TryGetValue(name, out var ending)
        ? ending
        : throw new InvalidOperationException($"No fault of {name} was observed in this scenario.");

    [Then("the subscriber receives no summary of {string}")]
    public async Task ThenNoSummary(string name)
    {
        await summaries.ExpectNoSummaryOfAsync(objects.Named(name).Key, CancellationToken.None);
    }
}
