using SignOffBot.Core.Governance;

namespace SignOffBot.Host.Api;

/// <summary>
/// The limits of the request's key (<see cref="ApiKey.Projects"/>, <see cref="ApiKey.ActAs"/>): null when the request
/// stays inside them, otherwise a 403 problem naming the limit. Checked before anything is looked up, so a limited key
/// learns nothing about other projects.
/// </summary>
public static class ApiLimits
{
    public const string ProjectsRule = "key-projects";
    public const string ActAsRule = "key-act-as";

    public static IResult? Project(HttpContext http, string project)
    {
        var key = ApiCaller.Key(http);
        return key.Projects is not { } projects || projects.Contains(project.Trim(), StringComparer.OrdinalIgnoreCase)
            ? null
            : Problems.Status(
                StatusCodes.Status403Forbidden,
                "Forbidden",
                $"This key ('{key.Name}') is limited to projects {string.Join(", ", projects)}; '{project.Trim()}' is not one of them. Use a key for that project, or add it to the key's Projects in Api:Keys.",
                ProjectsRule);
    }

    /// <summary>The person a request names in <paramref name="field"/> (<c>by</c>, <c>owner</c>).</summary>
    public static IResult? Person(HttpContext http, string person, string field)
    {
        var key = ApiCaller.Key(http);
        if (key.ActAs is not { } allowed)
        {
            return null;
        }

        var governance = http.RequestServices.GetRequiredService<IGovernanceSource>().Current;
        var id = person.Trim();
        return allowed.Any(a => governance.Covers(new Assignee(a), id))
            ? null
            : Problems.Status(
                StatusCodes.Status403Forbidden,
                "Forbidden",
                $"This key ('{key.Name}') may act only as {string.Join(", ", allowed)}; it cannot name '{id}' in \"{field}\". Use a key whose ActAs includes them, or add them to the key's ActAs in Api:Keys.",
                ActAsRule);
    }

    /// <summary>For endpoints that span every project (the whole audit export, the outbox): only keys without Projects.</summary>
    public static IResult? EveryProject(ApiKey key, string what) => key.Projects is not { } projects
        ? null
        : Problems.Status(
            StatusCodes.Status403Forbidden,
            "Forbidden",
            $"This key ('{key.Name}') is limited to projects {string.Join(", ", projects)}, and {what} spans every project. Use a key without Projects.",
            ProjectsRule);
}
