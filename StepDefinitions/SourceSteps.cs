using Amazon.S3.Model;
using PipelineSpecs.Support.Drivers;
using Reqnroll;
using Shouldly;

namespace PipelineSpecs.StepDefinitions;

/// <summary>Steps about the uploaded originals, which the pipeline must never change.</summary>
[Binding]
public sealed class SourceSteps(AwsClientFactory clients, ScenarioStack stacks, ScenarioObjects objects)
{
    [Then("{string} is still in the incoming bucket, byte for byte as uploaded")]
    public async Task ThenTheSourceIsUnchanged(string name)
    {
        await ShouldBeUnchangedAsync(objects.Named(name));
    }

    [Then("every uploaded file is still in the incoming bucket, byte for byte as uploaded")]
    public async Task ThenEverySourceIsUnchanged()
    {
        foreach (var upload in objects.Uploads)
        {
            await ShouldBeUnchangedAsync(upload);
        }
    }

    private async Task ShouldBeUnchangedAsync(UploadedObject upload)
    {
        var stack = await stacks.GetAsync(CancellationToken.None);

        using var response = await clients.S3.GetObjectAsync(
            new GetObjectRequest { BucketName = stack.IncomingBucket, Key = upload.Key }, CancellationToken.None);
        using var body = new MemoryStream();
        await response.ResponseStream.CopyToAsync(body);

        body.ToArray().ShouldBe(upload.Bytes, $"s3://{stack.IncomingBucket}/{upload.Key} should be unchanged");
        response.Headers.ContentType.ShouldBe(upload.ContentType);
    }
}
