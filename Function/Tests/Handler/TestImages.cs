using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>Images drawn in code, so the repository holds no binary fixtures.</summary>
internal static class TestImages
{
    public static byte[] Png(int width, int height) => Encode(Paint(width, height), (image, s) => image.SaveAsPng(s));

    public static byte[] Jpeg(int width, int height) => Encode(Paint(width, height), (image, s) => image.SaveAsJpeg(s));

    /// <summary>A JPEG stored <paramref name="width"/> x <paramref name="height"/> with an EXIF orientation tag.</summary>
    public static byte[] JpegWithOrientation(int width, int height, ushort orientation)
    {
        var image = Paint(width, height);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        return Encode(image, (i, s) => i.SaveAsJpeg(s));
    }

    /// <summary>A PNG with an EXIF orientation tag (stored in its eXIf chunk).</summary>
    public static byte[] PngWithOrientation(int width, int height, ushort orientation)
    {
        var image = Paint(width, height);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        return Encode(image, (i, s) => i.SaveAsPng(s));
    }

    /// <summary>Bytes that start like a PNG (so a name-based check would be fooled) but hold no image.</summary>
    public static byte[] CorruptPng() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01, 0x02, 0x03];

    private static Image<Rgba32> Paint(int width, int height)
    {
        var image = new Image<Rgba32>(width, height);

        // Two colours split down the middle: a resize that swapped axes or mirrored the image would show.
        var left = Color.Orange.ToPixel<Rgba32>();
        var right = Color.SteelBlue.ToPixel<Rgba32>();
        var half = Math.Max(1, width / 2);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                row[..half].Fill(left);
                row[half..].Fill(right);
            }
        });
        return image;
    }

    private static byte[] Encode(Image<Rgba32> image, Action<Image<Rgba32>, Stream> save)
    {
        using (image)
        using (var buffer = new MemoryStream())
        {
            save(image, buffer);
            return buffer.ToArray();
        }
    }
}
