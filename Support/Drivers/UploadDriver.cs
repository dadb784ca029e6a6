using Amazon.S3.Model;
using PipelineSpecs.Support.Fixtures;
using Reqnroll;

namespace PipelineSpecs.Support.Drivers;

/// <summary>Puts fixtures into the incoming bucket, as a user's browser would.</summary>
public sealed class UploadDriver(
    ScenarioStack stacks, AwsClientFactory clients, ScenarioObjects objects, IReqnrollOutputHelper output)
{
    /// <summary>Uploads <paramref name="content"/> under <paramref name="name"/> in the scenario's folder.</summary>
    public async Task<UploadedObject> UploadAsync(string name, UploadContent content, CancellationToken cancellationToken)
    {
        var stack = await stacks.GetAsync(cancellationToken);
        var key = objects.KeyFor(name);
        var (bytes, contentType) = (content.Bytes, content.ContentType);

        using var body = new MemoryStream(bytes);
        await clients.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = stack.IncomingBucket,
            Key = key,
            InputStream = body,
            ContentType = contentType,
        }, cancellationToken);

        var upload = new UploadedObject(name, key, bytes, contentType, DateTimeOffset.UtcNow);
        objects.Remember(upload);
        output.WriteLine($"Uploaded s3://{stack.IncomingBucket}/{key}: {content.Description}, {bytes.Length} bytes, " +
                         $"Content-Type {contentType}");
        return upload;
    }
}
