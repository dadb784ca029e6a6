using System.Xml.Linq;

namespace PipelineSpecs.Aws;

/// <summary>An IAM role, as <c>GetRole</c> and <c>ListRoles</c> return it.</summary>
/// <param name="RoleName">The role's name.</param>
/// <param name="RoleId">The role's stable id.</param>
/// <param name="Arn">The role's ARN.</param>
/// <param name="Path">The role's path, such as <c>/</c> or <c>/pipeline/</c>.</param>
/// <param name="CreateDate">When the role was created.</param>
/// <param name="AssumeRolePolicyDocument">The trust policy, URL-decoded JSON (absent from <c>ListRoles</c> on some
/// services).</param>
/// <param name="Description">The description, or <c>null</c>.</param>
/// <param name="MaxSessionDuration">The maximum session duration in seconds, when reported.</param>
public sealed record IamRole(
    string RoleName,
    string RoleId,
    string Arn,
    string Path,
    DateTimeOffset? CreateDate,
    string? AssumeRolePolicyDocument,
    string? Description,
    int? MaxSessionDuration);

/// <summary>An inline policy of a role, as <c>GetRolePolicy</c> returns it.</summary>
/// <param name="RoleName">The role's name.</param>
/// <param name="PolicyName">The policy's name.</param>
/// <param name="PolicyDocument">The policy, URL-decoded JSON.</param>
public sealed record RolePolicy(string RoleName, string PolicyName, string PolicyDocument);

/// <summary>The IAM operations the suite uses to check the function's role.</summary>
public interface IIamClient
{
    /// <summary>Reads a role (<c>GetRole</c>).</summary>
    /// <param name="roleName">The role's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken = default);

    /// <summary>Lists roles under a path (<c>ListRoles</c>, all pages).</summary>
    /// <param name="pathPrefix">A path prefix such as <c>/pipeline/</c>, or <c>null</c> for every role.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    Task<IReadOnlyList<IamRole>> ListRolesAsync(
        string? pathPrefix = null,
        CancellationToken cancellationToken = default);

    /// <summary>Lists the names of a role's inline policies (<c>ListRolePolicies</c>, all pages).</summary>
    /// <param name="roleName">The role's name.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken cancellationToken = default);

    /// <summary>Reads one inline policy of a role (<c>GetRolePolicy</c>), its document URL-decoded.</summary>
    /// <param name="roleName">The role's name.</param>
    /// <param name="policyName">The policy's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<RolePolicy> GetRolePolicyAsync(
        string roleName,
        string policyName,
        CancellationToken cancellationToken = default);
}

/// <summary>A client for AWS IAM over the Query protocol; IAM is global and signed for its partition's home
/// region.</summary>
public sealed class IamClient : IIamClient
{
    private readonly QueryProtocol _query;

    /// <summary>Creates a client for the endpoint <paramref name="config"/> resolves for service id
    /// <c>IAM</c>.</summary>
    /// <param name="config">Region, credentials and endpoints.</param>
    /// <param name="httpClient">The HTTP client to send with (not disposed), or <c>null</c> for a shared one.</param>
    public IamClient(AwsClientConfig config, HttpClient? httpClient = null)
    {
        Transport = new AwsTransport(config, httpClient, "IAM", "iam", "iam");
        _query = new QueryProtocol(Transport, "2010-05-08");
    }

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint => Transport.Endpoint;

    internal AwsTransport Transport { get; }

    /// <inheritdoc />
    public async Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roleName);
        var result = await _query.SendAsync("GetRole", [new("RoleName", roleName)], cancellationToken)
            .ConfigureAwait(false);
        return ReadRole(result.Child("Role")
            ?? throw new InvalidDataException("iam GetRole answered without a <Role>."));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IamRole>> ListRolesAsync(
        string? pathPrefix = null,
        CancellationToken cancellationToken = default)
    {
        var roles = new List<IamRole>();
        await PageAsync(
                "ListRoles",
                pathPrefix is null ? [] : [new("PathPrefix", pathPrefix)],
                result => roles.AddRange(result.Members("Roles").Select(ReadRole)),
                cancellationToken)
            .ConfigureAwait(false);
        return roles;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListRolePoliciesAsync(
        string roleName,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roleName);
        var names = new List<string>();
        await PageAsync(
                "ListRolePolicies",
                [new("RoleName", roleName)],
                result => names.AddRange(result.Members("PolicyNames").Select(member => member.Value)),
                cancellationToken)
            .ConfigureAwait(false);
        return names;
    }

    /// <inheritdoc />
    public async Task<RolePolicy> GetRolePolicyAsync(
        string roleName,
        string policyName,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roleName);
        ArgumentException.ThrowIfNullOrEmpty(policyName);
        var result = await _query
            .SendAsync("GetRolePolicy", [new("RoleName", roleName), new("PolicyName", policyName)], cancellationToken)
            .ConfigureAwait(false);
        return new RolePolicy(
            result.RequiredValue("RoleName"),
            result.RequiredValue("PolicyName"),
            Uri.UnescapeDataString(result.RequiredValue("PolicyDocument")));
    }

    /// <summary>Any IAM action, for test fixtures (CreateRole, PutRolePolicy, DeleteRole) the pipeline never
    /// calls.</summary>
    internal Task<XElement> SendAsync(
        string action,
        IEnumerable<KeyValuePair<string, string>> parameters,
        CancellationToken cancellationToken) =>
        _query.SendAsync(action, parameters, cancellationToken);

    // IAM pages with Marker and IsTruncated; the marker is opaque and must be passed back unchanged.
    private async Task PageAsync(
        string action,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        Action<XElement> readPage,
        CancellationToken cancellationToken)
    {
        string? marker = null;
        do
        {
            var pageParameters = marker is null ? parameters : [.. parameters, new("Marker", marker)];
            var result = await _query.SendAsync(action, pageParameters, cancellationToken).ConfigureAwait(false);
            readPage(result);
            var truncated = string.Equals(result.ChildValue("IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);
            var next = result.ChildValue("Marker");
            marker = truncated && !string.IsNullOrEmpty(next) && next != marker ? next : null;
        }
        while (marker is not null);
    }

    private static IamRole ReadRole(XElement role) => new(
        role.RequiredValue("RoleName"),
        role.RequiredValue("RoleId"),
        role.RequiredValue("Arn"),
        role.ChildValue("Path") ?? "/",
        role.ChildTimestamp("CreateDate"),
        role.ChildValue("AssumeRolePolicyDocument") is { } document ? Uri.UnescapeDataString(document) : null,
        role.ChildValue("Description"),
        role.ChildInt("MaxSessionDuration"));
}
