using PipelineSpecs.Support.Settings;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Support.Tests;

/// <summary>The suite's settings fail fast, naming the key, the value and what is accepted.</summary>
public sealed class SettingsParserTests
{
    private static readonly Dictionary<string, string> Local = new()
    {
        [SettingNames.Target] = "local",
        [SettingNames.Endpoint] = "http://localhost:4566",
        [SettingNames.Region] = "eu-west-3",
        [SettingNames.WaitSeconds] = "12.5",
    };

    [Fact]
    public void Parse_ReadsAValidLocalConfiguration()
    {
        var settings = Parse(Local);

        settings.Target.ShouldBe(TargetKind.Local);
        settings.Endpoint.ShouldBe(new Uri("http://localhost:4566"));
        settings.Region.ShouldBe("eu-west-3");
        settings.Emulator.ShouldBe(EmulatorMode.Auto);
        settings.WaitBudget.ShouldBe(TimeSpan.FromSeconds(12.5));
        StackPrefixes.IsValid(settings.StackPrefix).ShouldBeTrue(settings.StackPrefix);
    }

    [Theory]
    [InlineData(SettingNames.Target, "azure", "local, aws")]
    [InlineData(SettingNames.Endpoint, "localhost:4566", "absolute http(s) URL")]
    [InlineData(SettingNames.Endpoint, "ftp://localhost:4566", "absolute http(s) URL")]
    [InlineData(SettingNames.WaitSeconds, "twenty", "number of seconds")]
    [InlineData(SettingNames.WaitSeconds, "-1", "number of seconds")]
    [InlineData(SettingNames.WaitSeconds, "1e-9", "number of seconds")]
    [InlineData(SettingNames.StackPrefix, "abc-", "not ending with a dash")]
    [InlineData(SettingNames.TargetLabel, "evil | col", "kebab-case")]
    [InlineData(SettingNames.EmulatorMode, "sometimes", "auto, never")]
    [InlineData(SettingNames.KeepStack, "maybe", "true, false")]
    [InlineData(SettingNames.Region, "Mars-1", "region the AWS SDK knows")]
    [InlineData(SettingNames.Region, "eu-west-7", "region the AWS SDK knows")]
    [InlineData(SettingNames.Endpoint, "http://localhost:0", "port from 1 to 65535")]
    [InlineData(SettingNames.Endpoint, "http://localhost:4566/some/path?x=1", "no path")]
    [InlineData(SettingNames.KeepStack, "yes", "true, false")]
    [InlineData(SettingNames.StackPrefix, "Has_Capitals", "lowercase letters")]
    [InlineData(SettingNames.ThumbnailEngine, "vips", "imagesharp, libvips")]
    public void Parse_RejectsABadValueNamingKeyValueAndAccepted(string key, string value, string accepted)
    {
        var error = Should.Throw<SettingsException>(() => Parse(new Dictionary<string, string>(Local) { [key] = value }));

        error.Message.ShouldContain(key);
        error.Message.ShouldContain($"'{value}'");
        error.Message.ShouldContain(accepted);
    }

    [Theory]
    [InlineData(null, "imagesharp")]
    [InlineData("imagesharp", "imagesharp")]
    [InlineData("libvips", "libvips")]
    [InlineData(" LibVips ", "libvips")]
    public void Parse_ThumbnailEngineDefaultsToImageSharp(string? value, string expected)
    {
        var values = new Dictionary<string, string>(Local);
        if (value is not null)
        {
            values[SettingNames.ThumbnailEngine] = value;
        }

        Parse(values).ThumbnailEngine.ShouldBe(expected);
    }

    [Fact]
    public void Parse_RequiresAnEndpointForTheLocalTarget()
    {
        var withoutEndpoint = new Dictionary<string, string>(Local);
        withoutEndpoint.Remove(SettingNames.Endpoint);

        Should.Throw<SettingsException>(() => Parse(withoutEndpoint)).Message.ShouldContain(SettingNames.Endpoint);
    }

    [Fact]
    public void Parse_GivesAKeptStackAStablePrefix()
    {
        var kept = new Dictionary<string, string>(Local) { [SettingNames.KeepStack] = "true" };

        Parse(kept).StackPrefix.ShouldBe(Parse(kept).StackPrefix);
        Parse(Local).StackPrefix.ShouldNotBe(Parse(Local).StackPrefix);
    }

    [Fact]
    public void Derived_StaysWithinThePrefixRule()
    {
        var derived = StackPrefixes.Derived("ps-a-very-long-prefix-xx", 12);

        StackPrefixes.IsValid(derived).ShouldBeTrue(derived);
        derived.ShouldEndWith("-s12");
    }

    private static SuiteSettings Parse(IReadOnlyDictionary<string, string> values) =>
        SettingsParser.Parse(key => values.GetValueOrDefault(key));
}
