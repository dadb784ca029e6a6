using System.Net;
using System.Text.Json;
using Amazon.SQS.Model;
using PipelineSpecs.Aws;
using PipelineSpecs.Function.Tests.Moto;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Clients;

public sealed class SnsClientTests(MotoServer moto)
{
    private readonly SnsClient _sns = new(moto.Config);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishAsync_DeliversToAnSqsSubscriber()
    {
        var topicArn = await CreateTopicAsync();
        using var sqs = moto.CreateSqsClient();
        var queueUrl = (await sqs.CreateQueueAsync(TestNames.Unique("queue"), Ct)).QueueUrl;
        var queueArn = await QueueArnAsync(sqs, queueUrl);
        await _sns.SubscribeAsync(topicArn, "sqs", queueArn, cancellationToken: Ct);

        var messageId = await _sns.PublishAsync(topicArn, """{"key":"photo.png"}""", Ct);

        var received = await sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 5 }, Ct);
        using var envelope = JsonDocument.Parse(received.Messages.ShouldHaveSingleItem().Body);
        envelope.RootElement.GetProperty("MessageId").GetString().ShouldBe(messageId);
        envelope.RootElement.GetProperty("Message").GetString().ShouldBe("""{"key":"photo.png"}""");
    }

    [Fact]
    public async Task PublishAsync_SendsSubjectAndMessageAttributes()
    {
        var topicArn = await CreateTopicAsync();
        using var sqs = moto.CreateSqsClient();
        var queueUrl = (await sqs.CreateQueueAsync(TestNames.Unique("queue"), Ct)).QueueUrl;
        await _sns.SubscribeAsync(topicArn, "sqs", await QueueArnAsync(sqs, queueUrl), cancellationToken: Ct);

        await _sns.PublishAsync(
            new SnsPublishRequest(
                topicArn, "body", "a subject & more", new Dictionary<string, string> { ["kind"] = "thumbnail" }),
            Ct);

        var received = await sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 5 }, Ct);
        using var envelope = JsonDocument.Parse(received.Messages.ShouldHaveSingleItem().Body);
        envelope.RootElement.GetProperty("Subject").GetString().ShouldBe("a subject & more");
        envelope.RootElement.GetProperty("MessageAttributes").GetProperty("kind").GetProperty("Value").GetString()
            .ShouldBe("thumbnail");
    }

    [Fact]
    public async Task PublishAsync_MapsAMissingTopicToNotFound()
    {
        var missing = $"arn:aws:sns:us-east-1:{MotoServer.AccountId}:{TestNames.Unique("missing")}";

        var error = await Should.ThrowAsync<AwsServiceException>(() => _sns.PublishAsync(missing, "x", Ct));

        error.ServiceName.ShouldBe("sns");
        error.Operation.ShouldBe("Publish");
        error.ErrorCode.ShouldBe("NotFound");
        error.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        error.RequestId.ShouldNotBeNullOrWhiteSpace();
        error.Message.ShouldStartWith($"sns Publish failed: NotFound (HTTP 404, request id {error.RequestId})");
    }

    [Fact]
    public async Task SubscribeAsync_ListsAndUnsubscribes()
    {
        var topicArn = await CreateTopicAsync();
        var queueArn = $"arn:aws:sqs:us-east-1:{MotoServer.AccountId}:{TestNames.Unique("queue")}";

        var subscriptionArn = await _sns.SubscribeAsync(
            topicArn, "sqs", queueArn, new Dictionary<string, string> { ["RawMessageDelivery"] = "true" }, Ct);
        var listed = await _sns.ListSubscriptionsByTopicAsync(topicArn, Ct);
        await _sns.UnsubscribeAsync(subscriptionArn, Ct);
        var afterUnsubscribe = await _sns.ListSubscriptionsByTopicAsync(topicArn, Ct);

        listed.ShouldHaveSingleItem()
            .ShouldBe(new SnsSubscription(subscriptionArn, MotoServer.AccountId, "sqs", queueArn, topicArn));
        afterUnsubscribe.ShouldBeEmpty();
    }

    [Fact]
    public async Task ListSubscriptionsByTopicAsync_FollowsNextToken()
    {
        // moto, like SNS, returns 100 subscriptions per page.
        var topicArn = await CreateTopicAsync();
        var endpoints = Enumerable.Range(0, 105)
            .Select(i => $"arn:aws:sqs:us-east-1:{MotoServer.AccountId}:page-{i}")
            .ToList();
        await Parallel.ForEachAsync(
            endpoints,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct },
            async (endpoint, ct) => await _sns.SubscribeAsync(topicArn, "sqs", endpoint, cancellationToken: ct));

        var listed = await _sns.ListSubscriptionsByTopicAsync(topicArn, Ct);

        listed.Select(s => s.Endpoint).Order().ShouldBe(endpoints.Order());
    }

    [Fact]
    public async Task GetTopicAttributesAsync_ReturnsTheTopicsAttributes()
    {
        var topicArn = await CreateTopicAsync(new Dictionary<string, string> { ["DisplayName"] = "Thumbnails" });

        var attributes = await _sns.GetTopicAttributesAsync(topicArn, Ct);

        attributes["TopicArn"].ShouldBe(topicArn);
        attributes["DisplayName"].ShouldBe("Thumbnails");
        attributes.ShouldContainKey("Policy");
    }

    [Fact]
    public async Task GetTopicAttributesAsync_MapsAMissingTopicToNotFound()
    {
        var missing = $"arn:aws:sns:us-east-1:{MotoServer.AccountId}:{TestNames.Unique("missing")}";

        var error = await Should.ThrowAsync<AwsServiceException>(() => _sns.GetTopicAttributesAsync(missing, Ct));

        error.ErrorCode.ShouldBe("NotFound");
    }

    private async Task<string> CreateTopicAsync(IReadOnlyDictionary<string, string>? attributes = null)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("Name", TestNames.Unique("topic")) };
        var index = 1;
        foreach (var (name, value) in attributes ?? new Dictionary<string, string>())
        {
            parameters.Add(new($"Attributes.entry.{index}.key", name));
            parameters.Add(new($"Attributes.entry.{index++}.value", value));
        }

        var result = await _sns.SendAsync("CreateTopic", parameters, Ct);
        return result.RequiredValue("TopicArn");
    }

    private static async Task<string> QueueArnAsync(Amazon.SQS.AmazonSQSClient sqs, string queueUrl)
    {
        var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"], Ct);
        return attributes.QueueARN;
    }
}
