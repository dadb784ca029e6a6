using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>
/// An S3 client that counts the bytes read from each object's body, so a test can tell whether the handler read an
/// upload or refused it from its headers alone.
/// </summary>
internal sealed class BodyCountingS3Client(AWSCredentials credentials, AmazonS3Config config)
    : AmazonS3Client(credentials, config)
{
    private readonly ConcurrentDictionary<string, long> _bytesRead = new();

    /// <summary>Bytes read so far from the bodies of <paramref name="key"/>'s GetObject responses.</summary>
    public long BodyBytesRead(string key) => _bytesRead.GetValueOrDefault(key);

    public override async Task<GetObjectResponse> GetObjectAsync(
        GetObjectRequest request, CancellationToken cancellationToken = default)
    {
        var response = await base.GetObjectAsync(request, cancellationToken);
        response.ResponseStream = new CountingStream(
            response.ResponseStream, count => _bytesRead.AddOrUpdate(request.Key, count, (_, total) => total + count));
        return response;
    }

    private sealed class CountingStream(Stream inner, Action<int> counted) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(
            Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(
            byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Counted(int count)
        {
            counted(count);
            return count;
        }
    }
}
