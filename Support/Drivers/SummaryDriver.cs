using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using PipelineSpecs.Aws;
using PipelineSpecs.Support.Lifecycle;
using PipelineSpecs.Support.Polling;
using Reqnroll;

namespace PipelineSpecs.Support.Drivers;

/// <summary>
/// Listens to the pipeline's SNS topic the way a downstream team would: an SQS queue of the scenario's own,
/// subscribed with raw message delivery. Only summaries of the scenario's own uploads count, so scenarios running
/// side by side do not see each other's messages. The queue and subscription go away after the scenario.
/// </summary>
public sealed class SummaryDriver(
    PipelineRun run,
    ScenarioStack stacks,
    AwsClientFactory clients,
    ScenarioObjects objects,
    ThumbnailDriver thumbnails,
    IReqnrollOutputHelper output) : IAsyncDisposable
{
    private static readonly TimeSpan DuplicateWindow = TimeSpan.FromSeconds(2);

    private readonly List<PipelineSummary> _received = [];

    private string? _queueUrl;

    private string? _subscriptionArn;

    private readonly Dictionary<string, bool> _thumbnailStoredOnReceipt = new(StringComparer.Ordinal);

    /// <summary>
    /// For each summary received (by source key), whether its thumbnail could be fetched the moment the summary
    /// arrived, as a subscriber reacting to it would fetch it.
    /// </summary>
    public IReadOnlyDictionary<string, bool> ThumbnailStoredOnReceipt => _thumbnailStoredOnReceipt;

    /// <summary>The summaries of this scenario's uploads received so far.</summary>
    public IReadOnlyList<PipelineSummary> Received => _received;

    /// <summary>Creates the scenario's queue and subscribes it to the topic.</summary>
    public async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        var stack = await stacks.GetAsync(cancellationToken);
        var queueName = $"{stack.Prefix}-{objects.Folder.TrimEnd('/')}";

        _queueUrl = (await clients.Sqs.CreateQueueAsync(queueName, cancellationToken)).QueueUrl;
        var queueArn = await QueueArnAsync(_queueUrl, cancellationToken);
        await AllowTopicToSendAsync(_queueUrl, queueArn, stack.TopicArn, cancellationToken);

        _subscriptionArn = await clients.Sns.SubscribeAsync(
            stack.TopicArn, "sqs", queueArn,
            new Dictionary<string, string> { ["RawMessageDelivery"] = "true" }, cancellationToken);
        output.WriteLine($"Subscribed queue {queueName} to {stack.TopicArn}");
    }

    /// <summary>
    /// Waits until a summary arrived for each of <paramref name="sourceKeys"/>, then listens a little longer so a
    /// duplicate would be seen too.
    /// </summary>
    public async Task<IReadOnlyList<PipelineSummary>> WaitForSummariesAsync(
        IReadOnlyCollection<string> sourceKeys, CancellationToken cancellationToken)
    {
        var queueUrl = _queueUrl ?? throw new InvalidOperationException("No subscriber: call SubscribeAsync first.");

        await Eventually.UntilAsync(
            $"one summary for each of {sourceKeys.Count} uploads ({string.Join(", ", sourceKeys.Take(5))}...)",
            run.Settings.WaitBudgetFor(sourceKeys.Count),
            async token =>
            {
                await ReceiveAsync(queueUrl, waitSeconds: 1, token);
                return _received.Select(summary => summary.Source.Key).ToHashSet();
            },
            keys => sourceKeys.All(keys.Contains),
            keys => keys.Count == 0
                ? "no summary yet"
                : $"summaries for {keys.Count} uploads; missing e.g. {string.Join(", ", sourceKeys.Except(keys).Take(5))}",
            cancellationToken);

        await ReceiveAsync(queueUrl, (int)DuplicateWindow.TotalSeconds, cancellationToken);
        return _received;
    }

    /// <summary>
    /// Waits until <paramref name="count"/> summaries of <paramref name="sourceKey"/> arrived, then listens a little
    /// longer so one more would be seen too; returns all of them.
    /// </summary>
    public async Task<IReadOnlyList<PipelineSummary>> WaitForSummaryCountAsync(
        string sourceKey, int count, CancellationToken cancellationToken)
    {
        var queueUrl = _queueUrl ?? throw new InvalidOperationException("No subscriber: call SubscribeAsync first.");
        List<PipelineSummary> Of() => _received.Where(summary => summary.Source.Key == sourceKey).ToList();

        await Eventually.UntilAsync(
            $"{count} summaries of {sourceKey}",
            run.Settings.WaitBudget,
            async token =>
            {
                await ReceiveAsync(queueUrl, waitSeconds: 1, token);
                return Of().Count;
            },
            received => received >= count,
            received => $"{received} received",
            cancellationToken);

        await ReceiveAsync(queueUrl, (int)DuplicateWindow.TotalSeconds, cancellationToken);
        var all = Of();
        return all.Count == count
            ? all
            : throw new Polling.RuleBrokenException($"Expected exactly {count} summaries of {sourceKey}, received {all.Count}");
    }

    /// <summary>Collects what arrives within the long-poll window, to prove that nothing arrived.</summary>
    public async Task<IReadOnlyList<PipelineSummary>> DrainAsync(CancellationToken cancellationToken)
    {
        var queueUrl = _queueUrl ?? throw new InvalidOperationException("No subscriber: call SubscribeAsync first.");
        await ReceiveAsync(queueUrl, (int)DuplicateWindow.TotalSeconds, cancellationToken);
        return _received;
    }

    /// <summary>Listens for the long-poll window and fails if a summary of <paramref name="sourceKey"/> arrived at any
    /// time in the scenario.</summary>
    public async Task ExpectNoSummaryOfAsync(string sourceKey, CancellationToken cancellationToken)
    {
        var received = await DrainAsync(cancellationToken);
        var about = received.Where(summary => summary.Source.Key == sourceKey).ToList();
        if (about.Count > 0)
        {
            throw new RuleBrokenException(
                $"Expected no summary of {sourceKey} (listening {DuplicateWindow.TotalSeconds:0} s after the rest), " +
                $"but received: {string.Join("; ", about)}");
        }
    }

    /// <summary>Unsubscribes and deletes the queue; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _subscriptionArn, null) is { } subscriptionArn)
        {
            await clients.Sns.UnsubscribeAsync(subscriptionArn, CancellationToken.None);
        }

        if (Interlocked.Exchange(ref _queueUrl, null) is { } queueUrl)
        {
            await clients.Sqs.DeleteQueueAsync(queueUrl, CancellationToken.None);
        }
    }

    private async Task ReceiveAsync(string queueUrl, int waitSeconds, CancellationToken cancellationToken)
    {
        var response = await clients.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = waitSeconds,
        }, cancellationToken);

        foreach (var message in response.Messages ?? [])
        {
            await AcceptAsync(message.Body, cancellationToken);
            await clients.Sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, cancellationToken);
        }
    }

    private async Task AcceptAsync(string body, CancellationToken cancellationToken)
    {
        var summary = PipelineSummary.Parse(body);
        if (!summary.Source.Key.StartsWith(objects.Folder, StringComparison.Ordinal))
        {
            return;
        }

        // A subscriber fetches the thumbnail as soon as the summary arrives: it must already be stored.
        var stored = await thumbnails.ExistsAsync(summary.Thumbnail.Key, cancellationToken);
        _thumbnailStoredOnReceipt.TryAdd(summary.Source.Key, stored);
        _received.Add(summary);
        output.WriteLine($"Received summary: {body}");
    }

    private async Task<string> QueueArnAsync(string queueUrl, CancellationToken cancellationToken)
    {
        var attributes = await clients.Sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"], cancellationToken);
        return attributes.QueueARN;
    }

    // On AWS an SQS queue refuses SNS deliveries unless its policy allows the topic; emulators ignore this.
    private async Task AllowTopicToSendAsync(
        string queueUrl, string queueArn, string topicArn, CancellationToken cancellationToken)
    {
        var policy = JsonSerializer.Serialize(new
        {
            Version = "2012-10-17",
            Statement = new[]
            {
                new
                {
                    Effect = "Allow",
                    Principal = new { Service = "sns.amazonaws.com" },
                    Action = "sqs:SendMessage",
                    Resource = queueArn,
                    Condition = new { ArnEquals = new Dictionary<string, string> { ["aws:SourceArn"] = topicArn } },
                },
            },
        });

        await clients.Sqs.SetQueueAttributesAsync(
            queueUrl, new Dictionary<string, string> { ["Policy"] = policy }, cancellationToken);
    }
}
