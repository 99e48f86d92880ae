using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Attestation;

namespace SignOffBot.Host.Api;

/// <summary>
/// <c>/api/v1/deploy-check</c>: the gate pipelines ask before deploying. 200 for every decision; with
/// <c>attest=true</c> the answer carries its signed attestation (<see cref="AttestRequest"/>).
/// </summary>
public static class DeployCheckApi
{
    public sealed record ConfirmRequest(string? Item, string? Infrastructure, string? By, string? Reason);

    public static RouteGroupBuilder MapDeployCheckApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/deploy-check").RequireApiKey(ApiScopes.DeployCheck);
        group.MapGet("/", Check);
        group.MapPost("/confirm", Confirm);
        return group;
    }

    private static IResult Check(
        string? item, string? infrastructure, string? attest, string? digest, HttpContext http, DeployService deploys, SigningKeys keys)
    {
        if (string.IsNullOrWhiteSpace(item) || string.IsNullOrWhiteSpace(infrastructure))
        {
            return Problems.BadRequest("Both query parameters are required: ?item=<project>/<name>@<version>&infrastructure=<key>.");
        }

        if (!ItemKey.TryParse(item, out var key))
        {
            return NotAKey(item);
        }

        if (AttestRequest.Read(attest, digest, keys, out var signed) is { } refused)
        {
            return refused;
        }

        if (ApiLimits.Project(http, key.Project) is { } limited)
        {
            return limited;
        }

        var check = deploys.CheckAudited(key, infrastructure.Trim(), ApiCaller.AsKey(http));
        return signed is null ? Answer(check.Result) : AttestRequest.Answer(check, signed, keys);
    }

    private static async Task<IResult> Confirm(HttpContext http, DeployService deploys, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ConfirmRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.Item) || string.IsNullOrWhiteSpace(body.Infrastructure) || string.IsNullOrWhiteSpace(body.By))
        {
            return Problems.BadRequest("item, infrastructure, by and reason are required, e.g. {\"item\":\"fraud-detection/churn-xgb@7\",\"infrastructure\":\"staging-api\",\"by\":\"ana@example.com\",\"reason\":\"load test\"}.");
        }

        if (!ItemKey.TryParse(body.Item, out var key))
        {
            return NotAKey(body.Item);
        }

        if ((ApiLimits.Project(http, key.Project) ?? ApiLimits.Person(http, body.By, "by")) is { } limited)
        {
            return limited;
        }

        var infrastructure = body.Infrastructure.Trim();
        return Answer(deploys.Confirm(key, infrastructure, body.Reason, ApiCaller.AsPerson(http, body.By)));
    }

    private static IResult NotAKey(string text) => ItemKey.LengthRefusal(text) is { } tooLong
        ? Problems.Refused(tooLong)
        : Problems.BadRequest($"'{text}' is not an item key; items are keyed {ItemKey.Form}.");

    private static IResult Answer(ActionResult<Core.DeployChecks.DeployAnswer> result) => result.Outcome switch
    {
        Outcome.Refused refused => Problems.Refused(refused.Violation),
        _ => TypedResults.Ok(ApiViews.Of(result.Value!)),
    };
}
