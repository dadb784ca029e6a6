using PipelineSpecs.Function;
using PipelineSpecs.Function.Handler;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

public sealed class FunctionSettingsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        [EnvironmentVariables.ProcessedBucket] = "processed",
        [EnvironmentVariables.SnsTopicArn] = "arn:aws:sns:us-east-1:123456789012:summaries",
        [EnvironmentVariables.MetricNamespace] = "PipelineSpecs",
    };

    [Fact]
    public void FromLookup_ReadsRequiredValuesAndDefaultsMaxDimTo128()
    {
        var settings = FunctionSettings.FromLookup(Lookup(Valid));

        settings.ShouldBe(new FunctionSettings(
            "processed", "arn:aws:sns:us-east-1:123456789012:summaries", "PipelineSpecs", 128));
    }

    [Fact]
    public void FromLookup_ReadsThumbnailMaxDim()
    {
        var settings = FunctionSettings.FromLookup(Lookup(With(EnvironmentVariables.ThumbnailMaxDim, "256")));

        settings.ThumbnailMaxDim.ShouldBe(256);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("12.5")]
    [InlineData("99999999999")]
    public void FromLookup_InvalidThumbnailMaxDimNamesVariableValueAndAcceptedValues(string value)
    {
        var error = Should.Throw<SettingsException>(
            () => FunctionSettings.FromLookup(Lookup(With(EnvironmentVariables.ThumbnailMaxDim, value))));

        error.Message.ShouldSatisfyAllConditions(
            message => message.ShouldContain("THUMBNAIL_MAX_DIM"),
            message => message.ShouldContain($"'{value}'"),
            message => message.ShouldContain("positive whole number"));
    }

    [Theory]
    [InlineData(null, null, FunctionSettings.DefaultMaxSourcePixels)]
    [InlineData(null, "512", 33_554_432L)]
    [InlineData(null, "1024", 87_241_523L)]
    [InlineData(null, "128", 1_000_000L)]
    [InlineData(null, "not a number", FunctionSettings.DefaultMaxSourcePixels)]
    [InlineData("40000000", "512", 40_000_000L)]
    public void FromLookup_MaxSourcePixelsComesFromTheSettingOrTheMemorySize(
        string? maxPixels, string? memorySize, long expected)
    {
        var values = With(EnvironmentVariables.MaxSourcePixels, maxPixels);
        values[EnvironmentVariables.FunctionMemorySize] = memorySize;

        FunctionSettings.FromLookup(Lookup(values)).MaxSourcePixels.ShouldBe(expected);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("50 million")]
    public void FromLookup_InvalidMaxSourcePixelsNamesVariableAndValue(string value)
    {
        var error = Should.Throw<SettingsException>(
            () => FunctionSettings.FromLookup(Lookup(With(EnvironmentVariables.MaxSourcePixels, value))));

        error.Message.ShouldStartWith($"MAX_SOURCE_PIXELS is '{value}'");
    }

    [Theory]
    [InlineData(null, FunctionSettings.DefaultMaxSourceBytes)]
    [InlineData("", FunctionSettings.DefaultMaxSourceBytes)]
    [InlineData("1", 1L)]
    [InlineData(" 67108864 ", 67_108_864L)]
    [InlineData("2147483591", 2_147_483_591L)]
    public void FromLookup_MaxSourceBytesComesFromTheSettingOr128Megabytes(string? value, long expected)
    {
        var settings = FunctionSettings.FromLookup(Lookup(With(EnvironmentVariables.MaxSourceBytes, value)));

        settings.MaxSourceBytes.ShouldBe(expected);
        FunctionSettings.DefaultMaxSourceBytes.ShouldBe(128L * 1024 * 1024);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("64MB")]
    [InlineData("2147483592")]
    public void FromLookup_InvalidMaxSourceBytesNamesVariableValueAndAcceptedValues(string value)
    {
        var error = Should.Throw<SettingsException>(
            () => FunctionSettings.FromLookup(Lookup(With(EnvironmentVariables.MaxSourceBytes, value))));

        error.Message.ShouldSatisfyAllConditions(
            message => message.ShouldStartWith($"MAX_SOURCE_BYTES is '{value}'; expected a whole number of bytes"),
            message => message.ShouldContain("from 1 to 2147483591"));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("disabled", false)]
    [InlineData("enabled", true)]
    public void FromLookup_FaultInjectionIsOffUnlessEnabled(string? value, bool expected)
    {
        var settings = FunctionSettings.FromLookup(Lookup(With(EnvironmentVariables.FaultInjection, value)));

        settings.FaultInjection.ShouldBe(expected);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("Enabled!")]
    public void FromLookup_InvalidFaultInjectionNamesVariableValueAndAcceptedValues(string value)
    {
        var error = Should.Throw<SettingsException>(
            () => FunctionSettings.FromLookup(Lookup(With(EnvironmentVariables.FaultInjection, value))));

        error.Message.ShouldBe($"FAULT_INJECTION is '{value}'; expected enabled or disabled, or unset (disabled).");
    }

    [Theory]
    [InlineData(null, ThumbnailEngine.ImageSharp)]
    [InlineData("", ThumbnailEngine.ImageSharp)]
    [InlineData("imagesharp", ThumbnailEngine.ImageSharp)]
    [InlineData("libvips", ThumbnailEngine.Libvips)]
    [InlineData(" libvips ", ThumbnailEngine.Libvips)]
    public void FromLookup_ThumbnailEngineIsImageSharpUnlessLibvips(string? value, ThumbnailEngine expected)
    {
        var settings = FunctionSettings.FromLookup(Lookup(With(EnvironmentVariables.ThumbnailEngine, value)));

        settings.ThumbnailEngine.ShouldBe(expected);
    }

    [Theory]
    [InlineData("vips")]
    [InlineData("LibVips")]
    [InlineData("skia")]
    public void FromLookup_InvalidThumbnailEngineNamesVariableValueAndAcceptedValues(string value)
    {
        var error = Should.Throw<SettingsException>(
            () => FunctionSettings.FromLookup(Lookup(With(EnvironmentVariables.ThumbnailEngine, value))));

        error.Message.ShouldBe(
            $"THUMBNAIL_ENGINE is '{value}'; expected imagesharp or libvips, or unset (imagesharp).");
    }

    [Theory]
    [InlineData(EnvironmentVariables.ProcessedBucket)]
    [InlineData(EnvironmentVariables.SnsTopicArn)]
    [InlineData(EnvironmentVariables.MetricNamespace)]
    public void FromLookup_MissingRequiredVariableIsNamed(string name)
    {
        var error = Should.Throw<SettingsException>(() => FunctionSettings.FromLookup(Lookup(With(name, null))));

        error.Message.ShouldStartWith($"{name} is not set");
    }

    private static Dictionary<string, string?> With(string name, string? value) =>
        new(Valid) { [name] = value };

    private static Func<string, string?> Lookup(Dictionary<string, string?> values) =>
        name => values.GetValueOrDefault(name);
}
