namespace PipelineSpecs.Function.Handler;

/// <summary>
/// A step after the thumbnail was stored failed (the SNS summary or the metric): the record failed, but its
/// thumbnail exists, and the result says so.
/// </summary>
public sealed class StageFailedException : Exception
{
    /// <summary>Creates the exception for <paramref name="thumbnail"/>, whose later step failed with
    /// <paramref name="inner"/>.</summary>
    public StageFailedException(string message, ThumbnailInfo thumbnail, Exception inner)
        : base(message, inner)
    {
        Thumbnail = thumbnail;
    }

    /// <summary>The thumbnail that was stored before the failure.</summary>
    public ThumbnailInfo Thumbnail { get; }
}
