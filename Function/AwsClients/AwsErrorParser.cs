using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace PipelineSpecs.Aws;

/// <summary>
/// Reads the error shapes of the protocols used here: Query XML (<c>ErrorResponse/Error/Code</c>), JSON 1.1 and
/// REST JSON (<c>__type</c> or the <c>x-amzn-ErrorType</c> header, <c>message</c> or <c>Message</c>).
/// </summary>
internal static class AwsErrorParser
{
    public static AwsServiceException Parse(
        string serviceName,
        string operation,
        HttpStatusCode statusCode,
        IReadOnlyDictionary<string, string> headers,
        byte[] body)
    {
        string? code = null;
        string? message = null;
        string? requestId = null;
        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.StartsWith('<'))
        {
            ReadXml(text, ref code, ref message, ref requestId);
        }
        else if (text.StartsWith('{'))
        {
            ReadJson(text, ref code, ref message);
        }

        code ??= headers.TryGetValue("x-amzn-ErrorType", out var errorType) ? errorType : null;
        code = Simplify(code);
        requestId ??= Header(headers, "x-amzn-RequestId") ?? Header(headers, "x-amz-request-id");
        if (code is null)
        {
            code = statusCode.ToString();
            message ??= text.Length > 500 ? text[..500] : text;
        }

        return new AwsServiceException(serviceName, operation, code, message ?? string.Empty, requestId, statusCode);
    }

    private static void ReadXml(string text, ref string? code, ref string? message, ref string? requestId)
    {
        try
        {
            var root = XDocument.Parse(text).Root;
            if (root is null)
            {
                return;
            }

            var error = root.Name.LocalName == "Error"
                ? root
                : root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            code = error?.ChildValue("Code");
            message = error?.ChildValue("Message");
            requestId = root.Descendants().FirstOrDefault(e => e.Name.LocalName is "RequestId" or "RequestID")?.Value;
        }
        catch (XmlException)
        {
            // Not XML after all (an HTML error page from a proxy): the status code stands in for the code.
        }
    }

    private static void ReadJson(string text, ref string? code, ref string? message)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                switch (property.Name)
                {
                    case "__type":
                    case "code":
                    case "Code":
                        code ??= property.Value.GetString();
                        break;
                    case "message":
                    case "Message":
                    case "errorMessage":
                        message ??= property.Value.GetString();
                        break;
                }
            }

            // Lambda's REST JSON errors carry the code in "Type" only as "User" or "Service": the header wins there.
        }
        catch (JsonException)
        {
            // Not JSON after all: the header or the status code stands in for the code.
        }
    }

    // "com.amazonaws.logs#ResourceNotFoundException" and "ResourceNotFoundException:http://..." name the same code.
    private static string? Simplify(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        var colon = code.IndexOf(':');
        return colon > 0 ? code[..colon] : code.Trim();
    }

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
