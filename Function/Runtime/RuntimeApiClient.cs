using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PipelineSpecs.Function.Runtime;

/// <summary>The four calls of the Lambda Runtime API (version 2018-06-01) a custom runtime makes.</summary>
public sealed class RuntimeApiClient
{
    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
    private readonly HttpClient _http;
    private readonly Uri _base;

    /// <summary>Creates a client for the Runtime API at <paramref name="runtimeApi"/> (<c>host:port</c>).</summary>
    /// <param name="runtimeApi">The value of <c>AWS_LAMBDA_RUNTIME_API</c>.</param>
    /// <param name="http">
    /// A client without a timeout: <c>next</c> is a long poll that returns only when an event arrives.
    /// </param>
    public RuntimeApiClient(string runtimeApi, HttpClient http)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _base = new Uri($"http://{runtimeApi}/2018-06-01/runtime/", UriKind.Absolute);
    }

    /// <summary>Waits for the next invocation.</summary>
    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(_base, "invocation/next"), cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var payload = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new Invocation(
            Header(response, "Lambda-Runtime-Aws-Request-Id")
                ?? throw new InvalidOperationException("the Runtime API sent an invocation without a request id"),
            ParseDeadline(Header(response, "Lambda-Runtime-Deadline-Ms")),
            Header(response, "Lambda-Runtime-Invoked-Function-Arn"),
            Header(response, "Lambda-Runtime-Trace-Id"),
            payload);
    }

    /// <summary>Sends the function's JSON result of invocation <paramref name="requestId"/>.</summary>
    public Task RespondAsync(string requestId, string json, CancellationToken cancellationToken) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", Json(json), null, cancellationToken);

    /// <summary>Reports that invocation <paramref name="requestId"/> failed.</summary>
    public Task ReportInvocationErrorAsync(string requestId, Exception error, CancellationToken cancellationToken) =>
        PostAsync(
            $"invocation/{Uri.EscapeDataString(requestId)}/error",
            ErrorBody(error),
            $"Function.{error.GetType().Name}",
            cancellationToken);

    /// <summary>Reports that the function cannot start; Lambda then fails the pending invocation.</summary>
    public Task ReportInitErrorAsync(Exception error, CancellationToken cancellationToken) =>
        PostAsync("init/error", ErrorBody(error), "Runtime.ConfigInvalid", cancellationToken);

    private async Task PostAsync(string path, HttpContent body, string? errorType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, path)) { Content = body };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation(ErrorTypeHeader, errorType);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static StringContent ErrorBody(Exception error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorMessage", error.Message);
            json.WriteString("errorType", error.GetType().Name);
            json.WriteStartArray("stackTrace");
            foreach (var line in (error.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                json.WriteStringValue(line.Trim());
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Json(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static StringContent Json(string json) =>
        new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static DateTimeOffset? ParseDeadline(string? milliseconds) =>
        long.TryParse(milliseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
