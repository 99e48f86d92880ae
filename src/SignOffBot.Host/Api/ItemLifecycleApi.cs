using SignOffBot.Core.Items;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Api;

/// <summary>
/// <c>/api/v1/items/{key}/evidence</c> and <c>…/re-request</c>: what a pipeline changes on a registered item, with the
/// same rules as the chat commands (the person in <c>by</c> must be the item owner or a project owner).
/// </summary>
public static class ItemLifecycleApi
{
    public sealed record EvidenceChange(string? By, string? ModelCard, string? ValidationReport, string? RollbackPlan, string? Ticket);

    public sealed record ReRequest(string? By, List<string>? Categories, string? Reason);

    public static RouteGroupBuilder MapItemLifecycleApi(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("/api/v1/items");
        items.MapPatch("/{project}/{nameAtVersion}/evidence", ChangeEvidence).RequireApiKey(ApiScopes.ItemsWrite);
        items.MapPost("/{project}/{nameAtVersion}/re-request", AskAgain).RequireApiKey(ApiScopes.ItemsWrite);
        return items;
    }

    private static async Task<IResult> ChangeEvidence(string project, string nameAtVersion, HttpContext http, SignOffService signOffs, CancellationToken cancellationToken)
    {
        var (key, body, problem) = await Read<EvidenceChange>(project, nameAtVersion, http, b => b.By, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var change = new Evidence(Blank(body!.ModelCard), Blank(body.ValidationReport), Blank(body.RollbackPlan), Blank(body.Ticket));
        if (change == Evidence.None)
        {
            // The domain's refusal names the chat command's flags; here the fields are the body's.
            return Problems.Status(StatusCodes.Status400BadRequest, "Bad request",
                "Name at least one link to change: \"modelCard\", \"validationReport\", \"rollbackPlan\" or \"ticket\".", "nothing-changed");
        }

        return ApiResults.Item(signOffs.ChangeEvidence(key, change, ApiCaller.AsPerson(http, body.By!)));
    }

    private static async Task<IResult> AskAgain(string project, string nameAtVersion, HttpContext http, SignOffService signOffs, CancellationToken cancellationToken)
    {
        var (key, body, problem) = await Read<ReRequest>(project, nameAtVersion, http, b => b.By, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Categories is not { Count: > 0 } categories || categories.Any(string.IsNullOrWhiteSpace))
        {
            return Problems.BadRequest("\"categories\" names the feedback categories to ask again, e.g. [\"Risk & Compliance\"].");
        }

        return ApiResults.Item(signOffs.ReRequest(key, categories, body.Reason, ApiCaller.AsPerson(http, body.By!)));
    }

    /// <summary>The item key, the JSON body and its required <c>by</c>, or the problem to answer.</summary>
    private static async Task<(ItemKey Key, T? Body, IResult? Problem)> Read<T>(
        string project, string nameAtVersion, HttpContext http, Func<T, string?> by, CancellationToken cancellationToken)
        where T : class
    {
        if (!ApiResults.TryItemKey(http, project, nameAtVersion, out var key, out var keyProblem))
        {
            return (key, null, keyProblem);
        }

        var (body, problem) = await JsonBody.ReadAsync<T>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return (key, null, problem);
        }

        if (string.IsNullOrWhiteSpace(by(body!)))
        {
            return (key, null, Problems.BadRequest("\"by\" is required: the person id (e-mail) of the item owner or a project owner who asks for this."));
        }

        return (key, body, ApiLimits.Person(http, by(body!)!, "by"));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
