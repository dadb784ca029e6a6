namespace PipelineSpecs.Function.Tests.Clients;

/// <summary>Unique resource names, so tests share one moto server without colliding.</summary>
internal static class TestNames
{
    /// <summary>The prefix, a hyphen and 32 hex digits (S3, SQS, SNS and IAM all accept 63 characters).</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
