namespace PipelineSpecs.Aws;

/// <summary>The SNS operations the pipeline and its suite use.</summary>
public interface ISnsClient
{
    /// <summary>Publishes a message to a topic (SNS <c>Publish</c>) and returns the message id.</summary>
    /// <param name="topicArn">The topic's ARN.</param>
    /// <param name="message">The message body.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<string> PublishAsync(string topicArn, string message, CancellationToken cancellationToken = default);

    /// <summary>Publishes a message with a subject and string message attributes; returns the message id.</summary>
    /// <param name="request">What to publish.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<string> PublishAsync(SnsPublishRequest request, CancellationToken cancellationToken = default);

    /// <summary>Subscribes an endpoint to a topic (SNS <c>Subscribe</c>) and returns the subscription ARN.</summary>
    /// <param name="topicArn">The topic's ARN.</param>
    /// <param name="protocol">The protocol, such as <c>sqs</c>, <c>lambda</c>, <c>email</c> or <c>https</c>.</param>
    /// <param name="endpoint">The endpoint: a queue ARN, function ARN, address or URL.</param>
    /// <param name="attributes">Subscription attributes such as <c>RawMessageDelivery</c> or
    /// <c>FilterPolicy</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<string> SubscribeAsync(
        string topicArn,
        string protocol,
        string endpoint,
        IReadOnlyDictionary<string, string>? attributes = null,
        CancellationToken cancellationToken = default);

    /// <summary>Deletes a subscription (SNS <c>Unsubscribe</c>).</summary>
    /// <param name="subscriptionArn">The subscription's ARN.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task UnsubscribeAsync(string subscriptionArn, CancellationToken cancellationToken = default);

    /// <summary>Lists every subscription of a topic (SNS <c>ListSubscriptionsByTopic</c>, all pages).</summary>
    /// <param name="topicArn">The topic's ARN.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsByTopicAsync(
        string topicArn,
        CancellationToken cancellationToken = default);

    /// <summary>Reads a topic's attributes (SNS <c>GetTopicAttributes</c>), such as <c>Policy</c> or
    /// <c>DisplayName</c>.</summary>
    /// <param name="topicArn">The topic's ARN.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<IReadOnlyDictionary<string, string>> GetTopicAttributesAsync(
        string topicArn,
        CancellationToken cancellationToken = default);
}

/// <summary>An SNS <c>Publish</c> request.</summary>
/// <param name="TopicArn">The topic's ARN.</param>
/// <param name="Message">The message body.</param>
/// <param name="Subject">The subject (e-mail endpoints), or <c>null</c>.</param>
/// <param name="MessageAttributes">String message attributes (<c>DataType</c> <c>String</c>), or <c>null</c>.</param>
public sealed record SnsPublishRequest(
    string TopicArn,
    string Message,
    string? Subject = null,
    IReadOnlyDictionary<string, string>? MessageAttributes = null);

/// <summary>One subscription of a topic, as <c>ListSubscriptionsByTopic</c> returns it.</summary>
/// <param name="SubscriptionArn">The subscription's ARN, or <c>PendingConfirmation</c>.</param>
/// <param name="Owner">The subscription owner's account id.</param>
/// <param name="Protocol">The protocol, such as <c>sqs</c>.</param>
/// <param name="Endpoint">The endpoint, such as a queue ARN.</param>
/// <param name="TopicArn">The topic's ARN.</param>
public sealed record SnsSubscription(
    string SubscriptionArn,
    string? Owner,
    string Protocol,
    string Endpoint,
    string TopicArn);

/// <summary>A client for Amazon SNS over the Query protocol.</summary>
public sealed class SnsClient : ISnsClient
{
    private readonly QueryProtocol _query;

    /// <summary>Creates a client for the endpoint <paramref name="config"/> resolves for service id
    /// <c>SNS</c>.</summary>
    /// <param name="config">Region, credentials and endpoints.</param>
    /// <param name="httpClient">The HTTP client to send with (not disposed), or <c>null</c> for a shared one.</param>
    public SnsClient(AwsClientConfig config, HttpClient? httpClient = null)
    {
        Transport = new AwsTransport(config, httpClient, "SNS", "sns", "sns");
        _query = new QueryProtocol(Transport, "2010-03-31");
    }

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint => Transport.Endpoint;

    internal AwsTransport Transport { get; }

    /// <inheritdoc />
    public Task<string> PublishAsync(string topicArn, string message, CancellationToken cancellationToken = default) =>
        PublishAsync(new SnsPublishRequest(topicArn, message), cancellationToken);

    /// <inheritdoc />
    public async Task<string> PublishAsync(SnsPublishRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.TopicArn);
        ArgumentNullException.ThrowIfNull(request.Message);
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("TopicArn", request.TopicArn),
            new("Message", request.Message),
        };
        if (request.Subject is not null)
        {
            parameters.Add(new("Subject", request.Subject));
        }

        var index = 1;
        foreach (var (name, value) in request.MessageAttributes ?? new Dictionary<string, string>())
        {
            var prefix = $"MessageAttributes.entry.{index++}.";
            parameters.Add(new(prefix + "Name", name));
            parameters.Add(new(prefix + "Value.DataType", "String"));
            parameters.Add(new(prefix + "Value.StringValue", value));
        }

        var result = await _query.SendAsync("Publish", parameters, cancellationToken).ConfigureAwait(false);
        return result.RequiredValue("MessageId");
    }

    /// <inheritdoc />
    public async Task<string> SubscribeAsync(
        string topicArn,
        string protocol,
        string endpoint,
        IReadOnlyDictionary<string, string>? attributes = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicArn);
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("TopicArn", topicArn),
            new("Protocol", protocol),
            new("Endpoint", endpoint),
            new("ReturnSubscriptionArn", "true"),
        };
        AddAttributes(parameters, attributes);
        var result = await _query.SendAsync("Subscribe", parameters, cancellationToken).ConfigureAwait(false);
        return result.RequiredValue("SubscriptionArn");
    }

    /// <inheritdoc />
    public async Task UnsubscribeAsync(string subscriptionArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriptionArn);
        await _query.SendAsync("Unsubscribe", [new("SubscriptionArn", subscriptionArn)], cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsByTopicAsync(
        string topicArn,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicArn);
        var subscriptions = new List<SnsSubscription>();
        string? nextToken = null;
        do
        {
            var parameters = new List<KeyValuePair<string, string>> { new("TopicArn", topicArn) };
            if (nextToken is not null)
            {
                parameters.Add(new("NextToken", nextToken));
            }

            var result = await _query.SendAsync("ListSubscriptionsByTopic", parameters, cancellationToken)
                .ConfigureAwait(false);
            subscriptions.AddRange(result.Members("Subscriptions").Select(member => new SnsSubscription(
                member.RequiredValue("SubscriptionArn"),
                member.ChildValue("Owner"),
                member.RequiredValue("Protocol"),
                member.RequiredValue("Endpoint"),
                member.RequiredValue("TopicArn"))));
            nextToken = NonEmpty(result.ChildValue("NextToken"));
        }
        while (nextToken is not null);

        return subscriptions;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> GetTopicAttributesAsync(
        string topicArn,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicArn);
        var result = await _query.SendAsync("GetTopicAttributes", [new("TopicArn", topicArn)], cancellationToken)
            .ConfigureAwait(false);
        return ReadAttributeMap(result, "Attributes");
    }

    /// <summary>Any SNS action, for test fixtures (CreateTopic, DeleteTopic) that the pipeline itself never
    /// calls.</summary>
    internal Task<System.Xml.Linq.XElement> SendAsync(
        string action,
        IEnumerable<KeyValuePair<string, string>> parameters,
        CancellationToken cancellationToken) =>
        _query.SendAsync(action, parameters, cancellationToken);

    private static void AddAttributes(
        List<KeyValuePair<string, string>> parameters,
        IReadOnlyDictionary<string, string>? attributes)
    {
        var index = 1;
        foreach (var (name, value) in attributes ?? new Dictionary<string, string>())
        {
            parameters.Add(new($"Attributes.entry.{index}.key", name));
            parameters.Add(new($"Attributes.entry.{index}.value", value));
            index++;
        }
    }

    private static Dictionary<string, string> ReadAttributeMap(System.Xml.Linq.XElement result, string mapName)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in result.Child(mapName)?.Children("entry") ?? [])
        {
            map[entry.RequiredValue("key")] = entry.ChildValue("value") ?? string.Empty;
        }

        return map;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
