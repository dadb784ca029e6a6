using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PipelineSpecs.Function;

/// <summary>
/// Writes one JSON object per line, in the shape of Lambda's structured JSON log format
/// (<c>timestamp</c>, <c>level</c>, <c>message</c>, <c>requestId</c>), plus key fields of the event.
/// </summary>
/// <remarks>Lambda ships each stdout line to CloudWatch Logs as one event, so a line holds a whole object.</remarks>
public sealed class JsonLogger
{
    // Lambda's own JSON logs use UTC with milliseconds and a Z.
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    // Log lines are read by people and CloudWatch Logs Insights, never embedded in HTML: keep quotes and '+' as is.
    private static readonly JsonWriterOptions WriterOptions =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TextWriter _output;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();

    /// <summary>Creates a logger writing to <paramref name="output"/>.</summary>
    public JsonLogger(TextWriter output, TimeProvider? clock = null)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>A logger writing to the process's standard output.</summary>
    public static JsonLogger Console() => new(System.Console.Out);

    /// <summary>Logs at INFO.</summary>
    public void Info(string message, string? requestId, params LogField[] fields) =>
        Write("INFO", message, requestId, fields);

    /// <summary>Logs at WARN.</summary>
    public void Warn(string message, string? requestId, params LogField[] fields) =>
        Write("WARN", message, requestId, fields);

    /// <summary>Logs at ERROR.</summary>
    public void Error(string message, string? requestId, params LogField[] fields) =>
        Write("ERROR", message, requestId, fields);

    private void Write(string level, string message, string? requestId, LogField[] fields)
    {
        var line = Format(level, message, requestId, fields);
        lock (_gate)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }

    private string Format(string level, string message, string? requestId, LogField[] fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            var timestamp = _clock.GetUtcNow().UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);
            json.WriteString("timestamp", timestamp);
            json.WriteString("level", level);
            json.WriteString("message", message);
            if (requestId is not null)
            {
                json.WriteString("requestId", requestId);
            }

            foreach (var field in fields)
            {
                field.WriteTo(json);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

/// <summary>One extra field of a log line: a string or a number.</summary>
public readonly record struct LogField(string Name, string? Text, double? Number)
{
    /// <summary>A string field.</summary>
    public static LogField Of(string name, string? value) => new(name, value, null);

    /// <summary>A numeric field.</summary>
    public static LogField Of(string name, double value) => new(name, null, value);

    internal void WriteTo(Utf8JsonWriter json)
    {
        if (Number is { } number)
        {
            json.WriteNumber(Name, number);
        }
        else if (Text is not null)
        {
            json.WriteString(Name, Text);
        }
    }
}
