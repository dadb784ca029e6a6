using PipelineSpecs.Function.Handler;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

public sealed class S3KeyDecoderTests
{
    [Theory]
    [InlineData("my+photo%2B1.png", "my photo+1.png")]
    [InlineData("plain.png", "plain.png")]
    [InlineData("folder/sub+dir/a%25b.jpg", "folder/sub dir/a%b.jpg")]
    [InlineData("caf%C3%A9+%E2%98%95.png", "café ☕.png")]
    public void Decode_TurnsPlusIntoSpaceThenPercentDecodesUtf8(string encoded, string expected)
    {
        S3KeyDecoder.Decode(encoded).ShouldBe(expected);
    }
}
