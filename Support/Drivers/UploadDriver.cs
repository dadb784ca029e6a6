using Amazon.S3.Model;
using PipelineSpecs.Support.Fixtures;
using Reqnroll;

namespace PipelineSpecs.Support.Drivers;

/// <summary>Puts fixtures into the incoming bucket, as a user's browser would.</summary>
public sealed class UploadDriver(
    ScenarioStack stacks, AwsClientFactory clients, ScenarioObjects objects, IReqnrollOutputHelper output)
{
    /// <summary>Uploads <paramref name="content"/> under <paramref name="name"/> in the scenario's folder, with
    /// <paramref name="metadata"/> as user metadata (<c>x-amz-meta-*</c>) if given.</summary>
    public async Task<UploadedObject> UploadAsync(
        string name,
        UploadContent content,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var stack = await stacks.GetAsync(cancellationToken);
        var key = objects.KeyFor(name);
        var (bytes, contentType) = (content.Bytes, content.ContentType);

        using var body = new MemoryStream(bytes);
        var request = new PutObjectRequest
        {
            BucketName = stack.IncomingBucket,
            Key = key,
            InputStream = body,
            ContentType = contentType,
        };
        foreach (var (metadataName, value) in metadata ?? new Dictionary<string, string>())
        {
            request.Metadata[metadataName] = value;
        }

        await clients.S3.PutObjectAsync(request, cancellationToken);

        var upload = new UploadedObject(name, key, bytes, contentType, DateTimeOffset.UtcNow);
        objects.Remember(upload);
        output.WriteLine($"Uploaded s3://{stack.IncomingBucket}/{key}: {content.Description}, {bytes.Length} bytes, " +
                         $"Content-Type {contentType}" +
                         (metadata is { Count: > 0 } ? $", metadata {string.Join(", ", metadata)}" : ""));
        return upload;
    }
}
