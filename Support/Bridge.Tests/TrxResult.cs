using System.Xml.Linq;

namespace PipelineSpecs.Bridge.Tests;

/// <summary>One test result from a Visual Studio TRX file.</summary>
public sealed record TrxResult(string Name, string Outcome, string Message, string StdOut)
{
    private static readonly XNamespace _trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>Every <c>UnitTestResult</c> of <paramref name="path"/>.</summary>
    public static IReadOnlyList<TrxResult> Parse(string path) =>
        XDocument.Load(path).Descendants(_trx + "UnitTestResult")
            .Select(r => new TrxResult(
                (string)r.Attribute("testName")!,
                (string)r.Attribute("outcome")!,
                (string?)r.Descendants(_trx + "Message").FirstOrDefault() ?? string.Empty,
                (string?)r.Descendants(_trx + "StdOut").FirstOrDefault() ?? string.Empty))
            .ToList();
}
