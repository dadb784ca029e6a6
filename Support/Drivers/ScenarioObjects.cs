namespace PipelineSpecs.Support.Drivers;

/// <summary>
/// The objects one scenario works with. Every key lives under a folder of the scenario's own, so scenarios never
/// see each other's uploads and can run in any order or in parallel.
/// </summary>
public sealed class ScenarioObjects
{
    // A burst uploads concurrently: every access to the uploads goes through this lock.
    private readonly Lock _lock = new();

    private readonly Dictionary<string, UploadedObject> _uploads = new(StringComparer.Ordinal);

    /// <summary>The scenario's folder, such as <c>sc-3f9a1c/</c>.</summary>
    public string Folder { get; } = $"sc-{Guid.NewGuid():N}"[..9] + "/";

    /// <summary>The uploads of this scenario, in the order they happened.</summary>
    public IReadOnlyCollection<UploadedObject> Uploads
    {
        get
        {
            lock (_lock)
            {
                return _uploads.Values.ToList();
            }
        }
    }

    /// <summary>The most recent upload; the steps after a <c>When</c> talk about it.</summary>
    public UploadedObject Latest { get; private set; } = null!;

    /// <summary>The full object key for a name a feature file uses.</summary>
    public string KeyFor(string name) => Folder + name;

    /// <summary>Remembers an upload under the name the feature file gave it.</summary>
    public void Remember(UploadedObject upload)
    {
        lock (_lock)
        {
            _uploads[upload.Name] = upload;
            Latest = upload;
        }
    }

    /// <summary>The upload the feature file called <paramref name="name"/>.</summary>
    public UploadedObject Named(string name)
    {
        lock (_lock)
        {
            return _uploads.TryGetValue(name, out var upload)
                ? upload
                : throw new InvalidOperationException(
                    $"No upload named '{name}' in this scenario; uploaded: {string.Join(", ", _uploads.Keys)}");
        }
    }
}

/// <summary>An object a scenario put into the incoming bucket.</summary>
/// <param name="Name">The name the feature file uses.</param>
/// <param name="Key">The full object key.</param>
/// <param name="Bytes">What was uploaded.</param>
/// <param name="ContentType">The Content-Type it was uploaded with.</param>
/// <param name="UploadedAt">When the upload finished.</param>
public sealed record UploadedObject(string Name, string Key, byte[] Bytes, string ContentType, DateTimeOffset UploadedAt);
