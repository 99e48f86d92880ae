using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Api;

/// <summary><c>/api/v1/items</c>: register, read and list items and request reviews, as a pipeline does.</summary>
public static class ItemsApi
{
    public sealed record RegisterRequest(
        string? Project, string? Name, string? Version, string? Kind, string? Risk, string? Owner, EvidenceRequest? Evidence);

    public sealed record EvidenceRequest(string? ModelCard, string? ValidationReport, string? RollbackPlan, string? Ticket);

    public sealed record ReviewRequest(string? By, List<string>? Categories);

    public static RouteGroupBuilder MapItemsApi(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("/api/v1/items");
        items.MapPost("/", Register).RequireApiKey(ApiScopes.ItemsWrite);
        items.MapGet("/", ItemListApi.List).RequireApiKey();
        items.MapGet("/{project}/{nameAtVersion}", Get).RequireApiKey();
        items.MapPost("/{project}/{nameAtVersion}/request-feedback", RequestFeedback).RequireApiKey(ApiScopes.ItemsWrite);
        items.MapPost("/{project}/{nameAtVersion}/request-final", RequestFinal).RequireApiKey(ApiScopes.ItemsWrite);
        return items;
    }

    private static async Task<IResult> Register(HttpContext http, SignOffService signOffs, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<RegisterRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.Project) || string.IsNullOrWhiteSpace(body.Name) || string.IsNullOrWhiteSpace(body.Version) || string.IsNullOrWhiteSpace(body.Owner))
        {
            return Problems.BadRequest("project, name, version and owner are required, e.g. {\"project\":\"fraud-detection\",\"name\":\"churn-xgb\",\"version\":\"7\",\"owner\":\"ana@example.com\"}.");
        }

        if ((ApiLimits.Project(http, body.Project) ?? ApiLimits.Person(http, body.Owner, "owner")) is { } limited)
        {
            return limited;
        }

        if (!ItemKey.TryParse($"{body.Project}/{body.Name}@{body.Version}", out var key))
        {
            return ItemKey.LengthRefusal(body.Name.Trim(), body.Version.Trim()) is { } tooLong
                ? Problems.Refused(tooLong)
                : Problems.BadRequest($"'{body.Project}/{body.Name}@{body.Version}' is not a valid item key: each of project, name and version {ItemKey.SegmentRule}.");
        }

        var kind = ItemKind.Model;
        if (body.Kind is not null && !WireNames.TryParse(body.Kind, out kind))
        {
            return Problems.BadRequest($"kind is \"model\" or \"bundle\", not \"{body.Kind}\".");
        }

        var risk = RiskLevel.Medium;
        if (body.Risk is not null && !WireNames.TryParse(body.Risk, out risk))
        {
            return Problems.BadRequest($"risk is \"low\", \"medium\" or \"high\", not \"{body.Risk}\".");
        }

        var e = body.Evidence;
        var evidence = new Evidence(Blank(e?.ModelCard), Blank(e?.ValidationReport), Blank(e?.RollbackPlan), Blank(e?.Ticket));
        var result = signOffs.Register(new RegisterItem(key, kind, risk, evidence), ApiCaller.AsPerson(http, body.Owner));
        return ApiResults.Item(result, created: true);
    }

    private static IResult Get(string project, string nameAtVersion, HttpContext http, SignOffService signOffs)
    {
        if (!ApiResults.TryItemKey(http, project, nameAtVersion, out var key, out var problem))
        {
            return problem;
        }

        return signOffs.Find(key) is { } item
            ? TypedResults.Ok(ApiViews.Of(item))
            : Problems.Refused(Rules.UnknownItem(key.ToString()));
    }

    private static Task<IResult> RequestFeedback(string project, string nameAtVersion, HttpContext http, SignOffService signOffs, CancellationToken cancellationToken) =>
        Review(project, nameAtVersion, http, cancellationToken, (key, body, context) => signOffs.RequestFeedback(key, body.Categories ?? [], context));

    private static Task<IResult> RequestFinal(string project, string nameAtVersion, HttpContext http, SignOffService signOffs, CancellationToken cancellationToken) =>
        Review(project, nameAtVersion, http, cancellationToken, (key, _, context) => signOffs.RequestFinal(key, context));

    private static async Task<IResult> Review(
        string project, string nameAtVersion, HttpContext http, CancellationToken cancellationToken,
        Func<ItemKey, ReviewRequest, ActionContext, ActionResult<Item>> action)
    {
        if (!ApiResults.TryItemKey(http, project, nameAtVersion, out var key, out var keyProblem))
        {
            return keyProblem;
        }

        var (body, problem) = await JsonBody.ReadAsync<ReviewRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.By))
        {
            return Problems.BadRequest("\"by\" is required: the person id (e-mail) of the item owner or a project owner who requests this.");
        }

        if (ApiLimits.Person(http, body.By, "by") is { } limited)
        {
            return limited;
        }

        if (body.Categories?.Any(string.IsNullOrWhiteSpace) == true)
        {
            return Problems.BadRequest("\"categories\" holds an empty name; give feedback category names, or leave it out for all of them.");
        }

        return ApiResults.Item(action(key, body, ApiCaller.AsPerson(http, body.By)));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
