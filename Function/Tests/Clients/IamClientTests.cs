using System.Net;
using System.Text.Json;
using PipelineSpecs.Aws;
using PipelineSpecs.Function.Tests.Moto;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Clients;

[Collection(MotoIamCollection.Name)]
public sealed class IamClientTests(MotoServer moto)
{
    private const string TrustPolicy = IamFixtures.LambdaTrustPolicy;

    private const string InlinePolicy =
        """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
        "Resource":"arn:aws:s3:::bucket/a b+c/*"}]}
        """;

    private readonly IamClient _iam = new(moto.Config);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetRoleAsync_ReturnsTheRoleWithItsDecodedTrustPolicy()
    {
        var path = $"/{TestNames.Unique("p")}/";
        var roleName = await IamFixtures.CreateRoleAsync(_iam, path, TrustPolicy, Ct);

        var role = await _iam.GetRoleAsync(roleName, Ct);

        role.RoleName.ShouldBe(roleName);
        role.Path.ShouldBe(path);
        role.Arn.ShouldBe($"arn:aws:iam::{MotoServer.AccountId}:role{path}{roleName}");
        role.RoleId.ShouldNotBeNullOrWhiteSpace();
        role.CreateDate.ShouldNotBeNull();
        SameJson(role.AssumeRolePolicyDocument.ShouldNotBeNull(), TrustPolicy);
    }

    [Fact]
    public async Task GetRoleAsync_MapsAMissingRoleToNoSuchEntity()
    {
        var error = await Should.ThrowAsync<AwsServiceException>(
            () => _iam.GetRoleAsync(TestNames.Unique("missing"), Ct));

        error.ServiceName.ShouldBe("iam");
        error.ErrorCode.ShouldBe("NoSuchEntity");
        error.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListRolesAsync_FiltersByPathPrefix()
    {
        var path = $"/{TestNames.Unique("p")}/";
        var first = await IamFixtures.CreateRoleAsync(_iam, path, TrustPolicy, Ct);
        var second = await IamFixtures.CreateRoleAsync(_iam, path + "nested/", TrustPolicy, Ct);
        await IamFixtures.CreateRoleAsync(_iam, $"/{TestNames.Unique("other")}/", TrustPolicy, Ct);

        var roles = await _iam.ListRolesAsync(path, Ct);

        roles.Select(r => r.RoleName).Order().ShouldBe(new[] { first, second }.Order());
    }

    [Fact]
    public async Task ListRolesAsync_FollowsMarker()
    {
        // moto, like IAM, returns 100 roles per page unless MaxItems says otherwise. Roles are created one at a
        // time: moto's IAM backend is not thread-safe (see MotoIamCollection).
        var path = $"/{TestNames.Unique("p")}/";
        var created = new List<string>();
        for (var i = 0; i < 103; i++)
        {
            created.Add(await IamFixtures.CreateRoleAsync(_iam, path, TrustPolicy, Ct));
        }

        var roles = await _iam.ListRolesAsync(path, Ct);

        roles.Select(r => r.RoleName).Order().ShouldBe(created.Order());
    }

    [Fact]
    public async Task GetRolePolicyAsync_RoundTripsAnInlinePolicy()
    {
        var roleName = await IamFixtures.CreateRoleAsync(_iam, "/", TrustPolicy, Ct);
        await _iam.SendAsync(
            "PutRolePolicy",
            [new("RoleName", roleName), new("PolicyName", "thumbnails"), new("PolicyDocument", InlinePolicy)],
            Ct);

        var names = await _iam.ListRolePoliciesAsync(roleName, Ct);
        var policy = await _iam.GetRolePolicyAsync(roleName, "thumbnails", Ct);

        names.ShouldBe(["thumbnails"]);
        policy.RoleName.ShouldBe(roleName);
        policy.PolicyName.ShouldBe("thumbnails");
        SameJson(policy.PolicyDocument, InlinePolicy);
    }

    [Fact]
    public async Task GetRolePolicyAsync_MapsAMissingPolicyToNoSuchEntity()
    {
        var roleName = await IamFixtures.CreateRoleAsync(_iam, "/", TrustPolicy, Ct);

        var error = await Should.ThrowAsync<AwsServiceException>(() => _iam.GetRolePolicyAsync(roleName, "absent", Ct));

        error.ErrorCode.ShouldBe("NoSuchEntity");
    }

    [Fact]
    public async Task ListRolePoliciesAsync_ReturnsNothingForARoleWithoutInlinePolicies()
    {
        var roleName = await IamFixtures.CreateRoleAsync(_iam, "/", TrustPolicy, Ct);

        (await _iam.ListRolePoliciesAsync(roleName, Ct)).ShouldBeEmpty();
    }

    private static void SameJson(string actual, string expected) =>
        JsonSerializer.Serialize(JsonDocument.Parse(actual).RootElement)
            .ShouldBe(JsonSerializer.Serialize(JsonDocument.Parse(expected).RootElement));
}

/// <summary>
/// Test classes that call IAM on the shared server run one at a time: moto 5.2.1's IAM backend iterates its role
/// dictionary while other requests add to it, and answers HTTP 500 ("dictionary changed size during iteration")
/// under concurrent CreateRole/GetRole/ListRoles.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MotoIamCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "moto IAM";
}

/// <summary>Creates IAM roles through the client's signed transport (the pipeline never creates roles itself).</summary>
internal static class IamFixtures
{
    public const string LambdaTrustPolicy =
        """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},
        "Action":"sts:AssumeRole"}]}
        """;

    public static async Task<string> CreateRoleAsync(
        IamClient iam,
        string path,
        string trustPolicy,
        CancellationToken ct)
    {
        var roleName = TestNames.Unique("role");
        await iam.SendAsync(
            "CreateRole",
            [new("RoleName", roleName), new("Path", path), new("AssumeRolePolicyDocument", trustPolicy)],
            ct);
        return roleName;
    }
}
