using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace PipelineSpecs.Support.Settings;

/// <summary>
/// Resource-name prefixes. A run's prefix is unique (parallel runs never collide) and recognisable
/// (<c>ps-</c>, then when it started), so leftovers of a crashed run are easy to find.
/// </summary>
public static partial class StackPrefixes
{
    /// <summary>What a prefix may look like: S3 bucket names allow only this.</summary>
    public const string Rule =
        "3 to 24 characters of lowercase letters, digits and dashes, starting with a letter and not ending with a dash";

    /// <summary>A fresh prefix for one run, such as <c>ps-1203-1842-k3x9</c>.</summary>
    public static string ForRun()
    {
        var started = DateTime.UtcNow.ToString("MMdd-HHmm", CultureInfo.InvariantCulture);
        return $"ps-{started}-{RandomSuffix(4)}";
    }

    /// <summary>A stable prefix for a kept stack, so the next run of the same developer finds it again.</summary>
    public static string ForKeptStack()
    {
        var user = NonPrefixCharacters().Replace(Environment.UserName.ToLowerInvariant(), "");
        return $"ps-dev-{(user.Length == 0 ? "me" : user[..Math.Min(user.Length, 12)])}";
    }

    /// <summary>
    /// The prefix of the <paramref name="number"/>th extra stack of a run, such as <c>ps-1203-1842-k3x9-s1</c>:
    /// recognisably the run's, and still within <see cref="Rule"/>.
    /// </summary>
    public static string Derived(string runPrefix, int number)
    {
        var suffix = $"-s{number}";
        return runPrefix[..Math.Min(runPrefix.Length, 24 - suffix.Length)] + suffix;
    }

    /// <summary>Whether <paramref name="prefix"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string prefix) => PrefixPattern().IsMatch(prefix);

    private static string RandomSuffix(int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(length, alphabet, (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,22}[a-z0-9]$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("[^a-z0-9]")]
    private static partial Regex NonPrefixCharacters();
}
