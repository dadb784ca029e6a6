using System.Reflection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace PipelineSpecs.Benchmarks;

/// <summary>One generated input: a name used in the ratio lines, its file and its size.</summary>
public sealed record BenchInput(string Name, string FileName, int Width, int Height, bool Photographic, bool Jpeg);

/// <summary>
/// The inputs of issue #8, generated in code (no binary fixtures in git) with fixed seeds, so every run and every
/// machine measures the same bytes.
/// </summary>
public static class BenchInputs
{
    /// <summary>An avatar-sized diagram: flat colours and thin lines, which PNG compresses well.</summary>
    public static readonly BenchInput Diagram = new("diagram800x600png", "diagram-800x600.png", 800, 600, false, false);

    /// <summary>A 12-megapixel camera photo (4000x3000, the commonest phone resolution).</summary>
    public static readonly BenchInput Photo12Mp = new("photo12mpjpg", "photo-12mp.jpg", 4000, 3000, true, true);

    /// <summary>A 3-megapixel photo saved as PNG: screenshots and edited photos arrive like this.</summary>
    public static readonly BenchInput Photo3MpPng = new("photo3mppng", "photo-3mp.png", 2000, 1500, true, false);

    /// <summary>A 48-megapixel photo (8000x6000, the main camera of recent phones); only for peak memory.</summary>
    public static readonly BenchInput Photo48Mp = new("photo48mpjpg", "photo-48mp.jpg", 8000, 6000, true, true);

    /// <summary>The inputs whose thumbnail time is compared with Pillow and libvips.</summary>
    public static IReadOnlyList<BenchInput> Timed { get; } = [Diagram, Photo12Mp, Photo3MpPng];

    /// <summary>The repository root, recorded at build time (see Benchmarks.csproj).</summary>
    public static string RepositoryRoot { get; } =
        typeof(BenchInputs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "RepositoryRoot").Value
        ?? throw new InvalidOperationException("the build did not record RepositoryRoot");

    /// <summary>build/bench/ at the repository root: git ignores build/.</summary>
    public static string WorkDirectory { get; } = Path.Combine(RepositoryRoot, "build", "bench");

    /// <summary>Where the inputs are written; <c>PIPELINESPECS_BENCH_INPUTS</c> moves them.</summary>
    public static string Directory { get; } =
        Environment.GetEnvironmentVariable("PIPELINESPECS_BENCH_INPUTS") is { Length: > 0 } custom
            ? custom
            : Path.Combine(WorkDirectory, "inputs");

    /// <summary>The path of <paramref name="input"/>'s file.</summary>
    public static string PathOf(BenchInput input) => Path.Combine(Directory, input.FileName);

    /// <summary>Looks an input up by its <see cref="BenchInput.Name"/>.</summary>
    public static BenchInput ByName(string name) =>
        new[] { Diagram, Photo12Mp, Photo3MpPng, Photo48Mp }.FirstOrDefault(i => i.Name == name)
        ?? throw new ArgumentException($"no input named '{name}'", nameof(name));

    /// <summary>Writes every input that is not on disk yet; returns their paths.</summary>
    public static IReadOnlyList<string> EnsureAll(TextWriter log)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var paths = new List<string>();
        foreach (var input in new[] { Diagram, Photo12Mp, Photo3MpPng, Photo48Mp })
        {
            var path = PathOf(input);
            if (!File.Exists(path))
            {
                Write(input, path);
                log.WriteLine($"generated {path} ({new FileInfo(path).Length:N0} bytes)");
            }

            paths.Add(path);
        }

        return paths;
    }

    private static void Write(BenchInput input, string path)
    {
        using var image = input.Photographic
            ? Photograph(input.Width, input.Height)
            : DrawDiagram(input.Width, input.Height);

        // Written to a side file and moved, so a run stopped half-way never leaves a truncated input behind.
        var partial = path + ".partial";
        if (input.Jpeg)
        {
            // Quality 90 at 4:2:0 is what phone cameras write.
            image.SaveAsJpeg(partial, new JpegEncoder { Quality = 90, ColorType = JpegColorType.YCbCrRatio420 });
        }
        else
        {
            image.SaveAsPng(partial, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
        }

        File.Move(partial, path, overwrite: true);
    }

    // Smooth gradients (sky, skin, walls) plus sensor-like noise: the noise is what makes real photos expensive to
    // compress and lets JPEG's and PNG's entropy coders work as hard as on a camera file. Sums of per-row and
    // per-column waves keep generation of 48 megapixels to a few seconds.
    private static Image<Rgb24> Photograph(int width, int height)
    {
        var random = new Random(width * 31 + height);
        var columns = Waves(width, random);
        var rows = Waves(height, random);
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var noise = random.Next(-14, 15);
                    row[x] = new Rgb24(
                        Clamp(columns[x].R + rows[y].R + noise),
                        Clamp(columns[x].G + rows[y].G + noise),
                        Clamp(columns[x].B + rows[y].B + random.Next(-14, 15)));
                }
            }
        });
        return image;
    }

    private static (double R, double G, double B)[] Waves(int length, Random random)
    {
        var (fr, fg, fb) = (random.NextDouble() * 3 + 1, random.NextDouble() * 5 + 1, random.NextDouble() * 2 + 1);
        var waves = new (double R, double G, double B)[length];
        for (var i = 0; i < length; i++)
        {
            var t = (double)i / length;
            waves[i] = (
                60 + 55 * Math.Sin(t * Math.PI * fr),
                55 + 50 * Math.Sin(t * Math.PI * fg + 1),
                70 + 45 * Math.Cos(t * Math.PI * fb));
        }

        return waves;
    }

    private static byte Clamp(double value) => (byte)Math.Clamp((int)Math.Round(value), 0, 255);

    // Boxes with borders joined by lines on white: what an architecture diagram or a chart looks like to an encoder.
    private static Image<Rgb24> DrawDiagram(int width, int height)
    {
        var image = new Image<Rgb24>(width, height, new Rgb24(255, 255, 255));
        var fills = new[]
        {
            new Rgb24(66, 133, 244), new Rgb24(244, 180, 0), new Rgb24(15, 157, 88), new Rgb24(219, 68, 55),
        };
        var ink = new Rgb24(40, 40, 40);
        for (var box = 0; box < 8; box++)
        {
            var (left, top) = (40 + box % 4 * 190, 80 + box / 4 * 280);
            Fill(image, left, top, 140, 120, ink);
            Fill(image, left + 3, top + 3, 134, 114, fills[box % fills.Length]);
            if (box % 4 != 3)
            {
                Fill(image, left + 140, top + 58, 50, 4, ink);
            }
        }

        Fill(image, 110, 200, 4, 160, ink);
        return image;
    }

    private static void Fill(Image<Rgb24> image, int left, int top, int width, int height, Rgb24 colour)
    {
        for (var y = top; y < top + height; y++)
        {
            for (var x = left; x < left + width; x++)
            {
                image[x, y] = colour;
            }
        }
    }
}
