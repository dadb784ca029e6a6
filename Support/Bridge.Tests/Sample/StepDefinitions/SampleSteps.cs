using System.Globalization;
using Reqnroll;
using Shouldly;

namespace PipelineSpecs.Bridge.Sample.StepDefinitions;

/// <summary>Bindings of the sample features: plain Reqnroll, as the suite's own.</summary>
[Binding]
public sealed class SampleSteps(StepLog log, ScenarioContext scenarioContext, IReqnrollOutputHelper output)
{
    private int _result;

    [Given("the step {string} has run")]
    public void GivenTheStepHasRun(string name)
    {
        log.Steps.Add(name);
        output.WriteLine($"sample output: ran {name}");
    }

    [Then("the steps so far are {string}")]
    public void ThenTheStepsSoFarAre(string expected) =>
        string.Join(", ", log.Steps).ShouldBe(expected);

    [Given("these thumbnails:")]
    public void GivenTheseThumbnails(Table table)
    {
        table.Header.ShouldBe(["name", "width"]);
        table.Rows.Select(r => (r["name"], r["width"])).ShouldBe([("small.png", "64"), ("large.png", "512")]);
        scenarioContext["thumbnails"] = table.RowCount;
    }

    [When("the summary is:")]
    public void WhenTheSummaryIs(string docString)
    {
        docString.ShouldBe("{\n  \"key\": \"photo.png\"\n}");
        scenarioContext["summary"] = docString.Split('\n').Length;
    }

    [Then("the binding saw {int} thumbnails and a summary of {int} lines")]
    public void ThenTheBindingSaw(int thumbnails, int lines)
    {
        scenarioContext["thumbnails"].ShouldBe(thumbnails);
        scenarioContext["summary"].ShouldBe(lines);
    }

    [When("the upload explodes")]
    public void WhenTheUploadExplodes() =>
        throw new InvalidOperationException("sample explosion in the upload");

    [Given("a step that is still pending")]
    public void GivenAStepThatIsStillPending() => throw new PendingStepException();

    [When("{Number} is doubled")]
    public void WhenIsDoubled(int number) => _result = number * 2;

    [Then("the result is {int}")]
    public void ThenTheResultIs(int expected) => _result.ShouldBe(expected);

    /// <summary>A custom parameter type, to show step argument transformations reach the bindings.</summary>
    [StepArgumentTransformation("(\\d+)", Name = "Number")]
    public static int ToNumber(string digits) => int.Parse(digits, CultureInfo.InvariantCulture);
}
