using System.Globalization;
using Xunit.Sdk;
using Xunit.v3;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// Runs a group's scenarios feature by feature, in file order. xUnit's default order (by unique id) would interleave
/// features, and every switch makes Reqnroll end one feature and start the other again, re-running feature hooks.
/// </summary>
public sealed class PickleOrderer : ITestCaseOrderer
{
    /// <inheritdoc />
    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases)
        where TTestCase : notnull, ITestCase =>
        testCases.OrderBy(c => Key(c).Feature, StringComparer.Ordinal).ThenBy(c => Key(c).Index).ToList();

    private static (string Feature, int Index) Key(ITestCase testCase)
    {
        var id = testCase is XunitTestCase { TestMethodArguments: [string argument, ..] } ? argument : string.Empty;
        var hash = id.LastIndexOf('#');
        var digits = hash > 0 ? id.AsSpan(hash + 1) : [];
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? (id[..hash], index)
            : (id, -1);
    }
}
