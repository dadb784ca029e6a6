using Amazon.S3.Model;
using Amazon.SQS.Model;
using PipelineSpecs.Function.Tests.Moto;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Clients;

public sealed class MotoServerTests(MotoServer moto)
{
    [Fact]
    public async Task CreateS3Client_RoundTripsAnObject()
    {
        var ct = TestContext.Current.CancellationToken;
        using var s3 = moto.CreateS3Client();
        var bucket = TestNames.Unique("bucket");
        await s3.PutBucketAsync(bucket, ct);
        await s3.PutObjectAsync(
            new PutObjectRequest { BucketName = bucket, Key = "a/b.txt", ContentBody = "hello" }, ct);

        using var response = await s3.GetObjectAsync(bucket, "a/b.txt", ct);
        using var reader = new StreamReader(response.ResponseStream);
        (await reader.ReadToEndAsync(ct)).ShouldBe("hello");
    }

    [Fact]
    public async Task CreateSqsClient_RoundTripsAMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        using var sqs = moto.CreateSqsClient();
        var queue = await sqs.CreateQueueAsync(TestNames.Unique("queue"), ct);
        await sqs.SendMessageAsync(queue.QueueUrl, "hello", ct);

        var received = await sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest { QueueUrl = queue.QueueUrl, WaitTimeSeconds = 1 }, ct);
        received.Messages.ShouldHaveSingleItem().Body.ShouldBe("hello");
    }

    [Fact]
    public void Config_PointsEveryServiceAtTheServer()
    {
        moto.Config.Region.ShouldBe("us-east-1");
        moto.Config.ResolveEndpoint("SNS", "sns").ShouldBe(moto.Endpoint);
        moto.Config.ResolveEndpoint("IAM", "iam").ShouldBe(moto.Endpoint);
    }
}
