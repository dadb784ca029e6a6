using System.Net;
using PipelineSpecs.Aws;
using PipelineSpecs.Support.Lifecycle;

namespace PipelineSpecs.Support.Drivers;

/// <summary>Lists what carries a stack's prefix in every service the pipeline uses, to prove a teardown clean.</summary>
public sealed class StackInventory(AwsClientFactory clients)
{
    /// <summary>Everything found with <paramref name="stack"/>'s prefix, one line per resource.</summary>
    public async Task<IReadOnlyList<string>> FindAsync(StackOutputs stack, CancellationToken cancellationToken)
    {
        var prefix = stack.Prefix;
        var found = new List<string>();

        found.AddRange(await BucketsAsync(prefix, cancellationToken));
        found.AddRange((await clients.Lambda.ListFunctionsAsync(cancellationToken))
            .Where(function => function.FunctionName.StartsWith(prefix, StringComparison.Ordinal))
            .Select(function => $"Lambda function {function.FunctionName}"));
        found.AddRange(await TopicAsync(stack.TopicArn, cancellationToken));
        found.AddRange((await clients.Sqs.ListQueuesAsync(prefix, cancellationToken)).QueueUrls?
            .Select(url => $"SQS queue {url}") ?? []);
        found.AddRange((await clients.Iam.ListRolesAsync(cancellationToken: cancellationToken))
            .Where(role => role.RoleName.StartsWith(prefix, StringComparison.Ordinal))
            .Select(role => $"IAM role {role.RoleName}"));
        found.AddRange((await clients.Logs.DescribeLogGroupsAsync("/aws/lambda/" + prefix, cancellationToken))
            .Select(group => $"CloudWatch Logs group {group.LogGroupName}"));

        return found;
    }

    private async Task<IEnumerable<string>> BucketsAsync(string prefix, CancellationToken cancellationToken)
    {
        var buckets = await clients.S3.ListBucketsAsync(cancellationToken);
        return buckets.Buckets?
            .Where(bucket => bucket.BucketName.StartsWith(prefix, StringComparison.Ordinal))
            .Select(bucket => $"S3 bucket {bucket.BucketName}") ?? [];
    }

    // SNS has no prefix listing among the operations the project implements; the topic's own ARN must be gone.
    private async Task<IEnumerable<string>> TopicAsync(string topicArn, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Sns.GetTopicAttributesAsync(topicArn, cancellationToken);
            return [$"SNS topic {topicArn}"];
        }
        catch (AwsServiceException missing) when (missing.StatusCode == HttpStatusCode.NotFound ||
                                                  missing.ErrorCode == "NotFound")
        {
            return [];
        }
    }
}
