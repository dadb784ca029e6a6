using PipelineSpecs.Support.Drivers;
using PipelineSpecs.Support.Fixtures;
using Reqnroll;

namespace PipelineSpecs.StepDefinitions;

/// <summary>Steps that put files into the incoming bucket.</summary>
[Binding]
public sealed class UploadSteps(UploadDriver uploads)
{
    [When("a {int}x{int} {word} image is uploaded as {string}")]
    public async Task WhenAnImageIsUploaded(int width, int height, string format, string name)
    {
        await uploads.UploadAsync(name, Image(width, height, format), CancellationToken.None);
    }

    [When("a corrupt PNG is uploaded as {string}, followed by a {int}x{int} {word} image as {string}")]
    public async Task WhenACorruptFileIsFollowedByAnImage(string corrupt, int width, int height, string format, string name)
    {
        await uploads.UploadAsync(corrupt, UploadContent.Parse("corrupt PNG"), CancellationToken.None);
        await uploads.UploadAsync(name, Image(width, height, format), CancellationToken.None);
    }

    [Given("a corrupt PNG {string} and a {int}x{int} PNG {string} in the incoming bucket")]
    public async Task GivenACorruptAndAValidFile(string corrupt, int width, int height, string name)
    {
        await uploads.UploadAsync(corrupt, UploadContent.Parse("corrupt PNG"), CancellationToken.None);
        await uploads.UploadAsync(name, Image(width, height, "PNG"), CancellationToken.None);
    }

    [When("these files are uploaded:")]
    public async Task WhenTheseFilesAreUploaded(DataTable files)
    {
        foreach (var row in files.Rows)
        {
            await uploads.UploadAsync(row["name"], UploadContent.Parse(row["content"]), CancellationToken.None);
        }
    }

    private static UploadContent Image(int width, int height, string format) =>
        UploadContent.Image(width, height, ImageFormatNames.Parse(format));
}
