using System.Net;

namespace PipelineSpecs.Function.Handler;

/// <summary>Decodes object keys as S3 encodes them in event notifications.</summary>
public static class S3KeyDecoder
{
    /// <summary>
    /// S3 form-encodes keys in events (like Python's <c>quote_plus</c>): a space arrives as <c>+</c> and a real
    /// plus as <c>%2B</c>, so <c>+</c> must become a space before percent-decoding the UTF-8 bytes.
    /// </summary>
    public static string Decode(string encodedKey)
    {
        ArgumentNullException.ThrowIfNull(encodedKey);
        return WebUtility.UrlDecode(encodedKey);
    }
}
