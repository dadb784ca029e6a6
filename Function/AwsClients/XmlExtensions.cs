using System.Globalization;
using System.Xml.Linq;

namespace PipelineSpecs.Aws;

/// <summary>Namespace-agnostic reading of Query protocol answers (each service, and moto, uses its own
/// namespace).</summary>
internal static class XmlExtensions
{
    public static XElement? Child(this XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> Children(this XElement element, string localName) =>
        element.Elements().Where(e => e.Name.LocalName == localName);

    public static string? ChildValue(this XElement element, string localName) => element.Child(localName)?.Value;

    public static string RequiredValue(this XElement element, string localName) =>
        element.ChildValue(localName)
        ?? throw new InvalidDataException($"The answer has no <{localName}> under <{element.Name.LocalName}>.");

    /// <summary>The <c>member</c> items of a list element, or none when the list is absent.</summary>
    public static IEnumerable<XElement> Members(this XElement element, string listName) =>
        element.Child(listName)?.Children("member") ?? [];

    public static double? ChildDouble(this XElement element, string localName) =>
        element.ChildValue(localName) is { } value
            ? double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    public static int? ChildInt(this XElement element, string localName) =>
        element.ChildValue(localName) is { } value
            ? int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;

    public static DateTimeOffset? ChildTimestamp(this XElement element, string localName) =>
        element.ChildValue(localName) is { } value
            ? DateTimeOffset.Parse(
                value,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : null;
}
