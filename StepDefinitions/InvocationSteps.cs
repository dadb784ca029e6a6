using PipelineSpecs.Support.Drivers;
using Reqnroll;
using Shouldly;

namespace PipelineSpecs.StepDefinitions;

/// <summary>Steps that call the function directly and read what it says about its work.</summary>
[Binding]
public sealed class InvocationSteps(InvocationDriver invocations, ScenarioObjects objects)
{
    private InvocationResponse? _response;

    private InvocationResponse Response =>
        _response ?? throw new InvalidOperationException("The function was not invoked directly in this scenario.");

    [When("the function is invoked directly with an S3 event naming both")]
    public async Task WhenInvokedDirectly()
    {
        var keys = objects.Uploads.Select(upload => upload.Key).ToList();
        _response = await invocations.InvokeWithS3EventAsync(keys, CancellationToken.None);
    }

    [Then("the function reports {int} records processed")]
    public void ThenRecordsProcessed(int count)
    {
        Response.Processed.ShouldBe(count, $"response: {Response.Raw}");
    }

    [Then("exactly one record failed, with an error naming {string}")]
    public void ThenOneRecordFailed(string name)
    {
        var failed = Response.Results.Where(result => result.Status == "failed").ToList();

        failed.Count.ShouldBe(1, $"exactly one record should fail; response: {Response.Raw}");
        failed[0].Key.ShouldBe(objects.Named(name).Key, $"response: {Response.Raw}");
        (failed[0].Error ?? "").ShouldContain(name, Case.Sensitive, $"the error should name the file; response: {Response.Raw}");
    }

    [Then("the function's log names {string} and why it failed")]
    public async Task ThenTheLogNamesTheFailure(string name)
    {
        await invocations.WaitForErrorLineAsync(
            objects.Named(name), "\"error\"", "an ERROR line with its reason", CancellationToken.None);
    }
}
