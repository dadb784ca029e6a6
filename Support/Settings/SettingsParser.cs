using System.Globalization;
using System.Text.RegularExpressions;

namespace PipelineSpecs.Support.Settings;

/// <summary>
/// Turns environment variables into <see cref="SuiteSettings"/>, failing at once with the key, the value and what
/// is accepted, so a typo in a runsettings file never becomes a five-minute timeout later.
/// </summary>
public static partial class SettingsParser
{
    private const string DefaultRegion = "us-east-1";

    private const double DefaultWaitSeconds = 20;

    private static readonly HashSet<string> KnownRegions = Amazon.RegionEndpoint.EnumerableAllRegions
        .Select(region => region.SystemName)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Reads the settings from the process environment.</summary>
    public static SuiteSettings FromEnvironment() => Parse(Environment.GetEnvironmentVariable);

    /// <summary>Reads the settings through <paramref name="lookup"/>; throws <see cref="SettingsException"/>.</summary>
    public static SuiteSettings Parse(Func<string, string?> lookup)
    {
        var target = ParseTarget(lookup(SettingNames.Target));
        var endpoint = ParseEndpoint(lookup(SettingNames.Endpoint), target);
        var keepStack = ParseBoolean(SettingNames.KeepStack, lookup(SettingNames.KeepStack));
        var emulator = ParseEmulatorMode(lookup(SettingNames.EmulatorMode));

        return new SuiteSettings(
            target,
            endpoint,
            ParseRegion(lookup(SettingNames.Region) ?? lookup("AWS_DEFAULT_REGION")),
            emulator,
            keepStack,
            ParseWaitBudget(lookup(SettingNames.WaitSeconds)),
            ParsePrefix(lookup(SettingNames.StackPrefix), keepStack),
            ParseLabel(lookup(SettingNames.TargetLabel), target, emulator),
            ParseTags(lookup(SettingNames.ExpectedDivergences)),
            ParseEngine(lookup(SettingNames.ThumbnailEngine)));
    }

    private static string ParseLabel(string? value, TargetKind target, EmulatorMode emulator)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return target == TargetKind.Aws ? "aws" : emulator == EmulatorMode.Auto ? "embedded" : "external";
        }

        // The label is a column of a markdown table: keep it to characters that cannot break the table.
        return TagPattern().IsMatch(value.Trim())
            ? value.Trim()
            : throw Invalid(SettingNames.TargetLabel, value, "kebab-case such as localstack-3 or aws-eu-west-1");
    }

    private static HashSet<string> ParseTags(string? value)
    {
        var tags = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(tag => tag.TrimStart('@'))
            .ToHashSet(StringComparer.Ordinal);

        var malformed = tags.FirstOrDefault(tag => !TagPattern().IsMatch(tag));
        return malformed is null
            ? tags
            : throw Invalid(SettingNames.ExpectedDivergences, value, "comma-separated kebab-case tags such as diverges-on-moto");
    }

    private static TargetKind ParseTarget(string? value) => Normalise(value) switch
    {
        null or "local" => TargetKind.Local,
        "aws" => TargetKind.Aws,
        _ => throw Invalid(SettingNames.Target, value, "local, aws"),
    };

    private static Uri? ParseEndpoint(string? value, TargetKind target)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return target == TargetKind.Local
                ? throw Invalid(SettingNames.Endpoint, value, "an http(s) URL such as http://localhost:4566 for target local")
                : null;
        }

        // An endpoint is a service root: a path or a query would reach the SDKs and Terraform as part of every request.
        var ok = Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
                 uri.Port > 0 && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0;
        return ok
            ? uri
            : throw Invalid(SettingNames.Endpoint, value,
                "an absolute http(s) URL with a port from 1 to 65535 and no path, such as http://localhost:4566");
    }

    private static string ParseRegion(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultRegion;
        }

        // A well-formed name that is no region (eu-west-7) makes moto answer 500 and Terraform retry for minutes.
        var region = value.Trim();
        return RegionPattern().IsMatch(region) && KnownRegions.Contains(region)
            ? region
            : throw Invalid(SettingNames.Region, value,
                "a region the AWS SDK knows, such as us-east-1 or eu-west-3 (AWS_DEFAULT_REGION is read when " +
                $"{SettingNames.Region} is unset)");
    }

    // The values of the function's THUMBNAIL_ENGINE and of Terraform's thumbnail_engine, which checks them again.
    private static string ParseEngine(string? value) => Normalise(value) switch
    {
        null or "imagesharp" => "imagesharp",
        "libvips" => "libvips",
        _ => throw Invalid(SettingNames.ThumbnailEngine, value, "imagesharp, libvips"),
    };

    private static EmulatorMode ParseEmulatorMode(string? value) => Normalise(value) switch
    {
        null or "auto" => EmulatorMode.Auto,
        "never" => EmulatorMode.Never,
        _ => throw Invalid(SettingNames.EmulatorMode, value, "auto, never"),
    };

    private static bool ParseBoolean(string key, string? value) => Normalise(value) switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw Invalid(key, value, "true, false (or unset, which is false)"),
    };

    private static TimeSpan ParseWaitBudget(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return TimeSpan.FromSeconds(DefaultWaitSeconds);
        }

        var ok = double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds);
        // Below a second no target, not even an emulator on this machine, can answer: that is a typo, not a budget.
        return ok && seconds >= 1 && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw Invalid(SettingNames.WaitSeconds, value, "a number of seconds from 1 to 3600");
    }

    private static string ParsePrefix(string? value, bool keepStack)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return keepStack ? StackPrefixes.ForKeptStack() : StackPrefixes.ForRun();
        }

        return StackPrefixes.IsValid(value.Trim())
            ? value.Trim()
            : throw Invalid(SettingNames.StackPrefix, value, StackPrefixes.Rule);
    }

    private static string? Normalise(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    private static SettingsException Invalid(string key, string? value, string accepted) =>
        new($"Setting {key} has the value '{value ?? "<unset>"}', which is not accepted. Accepted: {accepted}. " +
            "Set it in the runsettings file (RunConfiguration/EnvironmentVariables) or in the environment.");

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-\\d$")]
    private static partial Regex RegionPattern();
}

/// <summary>A setting is missing or malformed; the message names the key, the value and what is accepted.</summary>
public sealed class SettingsException(string message) : Exception(message);
