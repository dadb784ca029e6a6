using Amazon.S3;
using Amazon.S3.Model;
using PipelineSpecs.Support.Lifecycle;

namespace PipelineSpecs.Support.Drivers;

/// <summary>
/// Empties a stack's buckets with the S3 API before Terraform destroys them. The buckets have force_destroy, but
/// the AWS provider empties them through ListObjectVersions, and moto returns keys containing '%' there unescaped,
/// which the provider cannot parse: the destroy would fail on exactly the file names the keys feature uses.
/// </summary>
public sealed class BucketCleaner(IAmazonS3 s3)
{
    /// <summary>Deletes every object of the stack's incoming and processed buckets; missing buckets are fine.</summary>
    public async Task EmptyAsync(StackOutputs stack, CancellationToken cancellationToken)
    {
        await EmptyAsync(stack.IncomingBucket, cancellationToken);
        await EmptyAsync(stack.ProcessedBucket, cancellationToken);
    }

    private async Task EmptyAsync(string bucket, CancellationToken cancellationToken)
    {
        try
        {
            ListObjectsV2Response page;
            do
            {
                page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, cancellationToken);
                if (page.S3Objects is { Count: > 0 } objects)
                {
                    await s3.DeleteObjectsAsync(new DeleteObjectsRequest
                    {
                        BucketName = bucket,
                        Objects = objects.Select(item => new KeyVersion { Key = item.Key }).ToList(),
                    }, cancellationToken);
                }
            }
            while (page.IsTruncated == true);
        }
        catch (AmazonS3Exception missing) when (missing.ErrorCode == "NoSuchBucket")
        {
            SuiteLog.Debug($"Bucket {bucket} is already gone");
        }
    }
}
