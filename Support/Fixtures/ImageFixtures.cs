using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace PipelineSpecs.Support.Fixtures;

/// <summary>
/// Images generated in code, so every scenario states its input (size and format) in the feature file and the
/// repository carries no binary fixtures. Each picture has a gradient (so encoders have real work) and a red
/// marker in its top-left corner (so orientation mistakes are visible).
/// </summary>
public static class ImageFixtures
{
    /// <summary>Encodes a <paramref name="width"/> x <paramref name="height"/> picture in <paramref name="format"/>.</summary>
    public static byte[] Create(int width, int height, ImageFormatName format)
    {
        using var image = new Image<Rgba32>(width, height);
        Paint(image);

        using var stream = new MemoryStream();
        image.Save(stream, format == ImageFormatName.Png ? new PngEncoder() : new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }

    /// <summary>Bytes that carry a PNG signature and nothing decodable after it: a broken upload.</summary>
    public static byte[] CorruptPng() =>
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "this is not an image"u8.ToArray()];

    private static void Paint(Image<Rgba32> image)
    {
        var markerWidth = Math.Max(1, image.Width / 8);
        var markerHeight = Math.Max(1, image.Height / 8);

        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = x < markerWidth && y < markerHeight
                        ? new Rgba32(255, 0, 0)
                        : new Rgba32((byte)(x * 255 / rows.Width), (byte)(y * 255 / rows.Height), 160);
                }
            }
        });
    }
}
