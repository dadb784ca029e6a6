using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace PipelineSpecs.Aws;

/// <summary>
/// The AWS Query protocol (SNS, CloudWatch, IAM): a form-encoded POST with <c>Action</c> and <c>Version</c>, answered
/// with <c>&lt;{Action}Response&gt;&lt;{Action}Result&gt;</c> XML.
/// </summary>
internal sealed class QueryProtocol
{
    private const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

    private readonly AwsTransport _transport;
    private readonly string _apiVersion;

    public QueryProtocol(AwsTransport transport, string apiVersion)
    {
        _transport = transport;
        _apiVersion = apiVersion;
    }

    /// <summary>Sends one action and returns its <c>{Action}Result</c> element (empty when the answer has
    /// none).</summary>
    public async Task<XElement> SendAsync(
        string action,
        IEnumerable<KeyValuePair<string, string>> parameters,
        CancellationToken cancellationToken)
    {
        var form = new StringBuilder();
        Append(form, "Action", action);
        Append(form, "Version", _apiVersion);
        foreach (var (name, value) in parameters)
        {
            Append(form, name, value);
        }

        var request = new AwsRequest(action, HttpMethod.Post, string.Empty)
        {
            Content = Encoding.UTF8.GetBytes(form.ToString()),
            ContentType = FormContentType,
        };
        var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Body.Length == 0)
        {
            return new XElement(action + "Result");
        }

        using var stream = new MemoryStream(response.Body, writable: false);
        var root = XDocument.Load(stream).Root
            ?? throw new InvalidDataException($"{_transport.SigningName} {action} answered an empty XML document.");
        return root.Child(action + "Result") ?? new XElement(action + "Result");
    }

    /// <summary>Formats a timestamp as the ISO 8601 UTC text the Query protocol expects.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Append(StringBuilder form, string name, string value)
    {
        if (form.Length > 0)
        {
            form.Append('&');
        }

        form.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
    }
}
