namespace PipelineSpecs.Function.Handler;

/// <summary>
/// The upload is not a picture the function agrees to make a thumbnail of: empty, larger than the byte limit, not
/// PNG or JPEG, cut short or damaged, in a coding the function cannot decode, or declaring more pixels than the
/// function's memory allows. The message says which, for the user and the log.
/// </summary>
public sealed class ImageRefusedException : Exception
{
    /// <summary>Creates the exception with a reason a person can act on.</summary>
    public ImageRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and the decoder error behind it.</summary>
    public ImageRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
