using System.Globalization;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Attestation;

namespace SignOffBot.Host.Api;

/// <summary>
/// <c>/api/v1/deploy-check</c>: the gate pipelines ask before deploying. 200 for every decision. With
/// <c>wait=&lt;seconds&gt;</c> the check is held until its answer is allowed or changes, or the time is up
/// (<see cref="HeldDeployChecks"/>); with <c>attest=true</c> the answer carries its signed attestation
/// (<see cref="AttestRequest"/>).
/// </summary>
public static class DeployCheckApi
{
    public sealed record ConfirmRequest(string? Item, string? Infrastructure, string? By, string? Reason);

    public static RouteGroupBuilder MapDeployCheckApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/deploy-check").RequireApiKey(ApiScopes.DeployCheck);
        // A held check may last HeldDeployChecks.MostSeconds: no request timeout policy may cut it.
        group.MapGet("/", Check).DisableRequestTimeout();
        group.MapPost("/confirm", Confirm);
        return group;
    }

    private static async Task<IResult> Check(
        string? item, string? infrastructure, string? attest, string? digest, HttpContext http, DeployService deploys, HeldDeployChecks held, SigningKeys keys)
    {
        if (string.IsNullOrWhiteSpace(item) || string.IsNullOrWhiteSpace(infrastructure))
        {
            return Problems.BadRequest("Both query parameters are required: ?item=<project>/<name>@<version>&infrastructure=<key>.");
        }

        if (!ItemKey.TryParse(item, out var key))
        {
            return NotAKey(item);
        }

        var (wait, badWait) = WaitOf(http.Request.Query);
        var badAttest = AttestRequest.Read(attest, digest, keys, out var signed);
        if ((badWait ?? badAttest ?? ApiLimits.Project(http, key.Project)) is { } problem)
        {
            return problem;
        }

        if (wait is not { } seconds)
        {
            return Answer(deploys.CheckAudited(key, infrastructure.Trim(), ApiCaller.AsKey(http)), signed, keys);
        }

        var keyName = ApiCaller.Key(http).Name;
        return await held.CheckAsync(key, infrastructure.Trim(), TimeSpan.FromSeconds(seconds), ApiCaller.AsKey(http), keyName, http.RequestAborted) switch
        {
            HeldCheck.Answered answered => Answer(answered.Checked, signed, keys, answered),
            HeldCheck.Full full => Later(http, StatusCodes.Status429TooManyRequests, "Too many requests", full.Detail),
            HeldCheck.Stopping => Later(http, StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                "This host is stopping: the held deploy-check ended unanswered and nothing was recorded. Ask again (curl --retry does)."),
            _ => Results.Empty,
        };
    }

    /// <summary>The <c>wait</c> query parameter: absent (null), or whole seconds from 1 to <see cref="HeldDeployChecks.MostSeconds"/>.</summary>
    private static (int? Seconds, IResult? Problem) WaitOf(IQueryCollection query)
    {
        if (!query.TryGetValue("wait", out var values))
        {
            return (null, null);
        }

        return values is [{ } text] && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= HeldDeployChecks.MostSeconds
            ? (seconds, null)
            : (null, Problems.BadRequest(
                $"wait is the most seconds to hold the check for an answer that is allowed or changed: a whole number from 1 to {HeldDeployChecks.MostSeconds}, given once (got '{values}'). Leave it out to check at once. Nothing was checked or recorded."));
    }

    private static IResult Later(HttpContext http, int status, string title, string detail)
    {
        http.Response.Headers.RetryAfter = ((int)HeldDeployChecks.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Problems.Status(status, title, detail);
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

    private static IResult Answer(AuditedResult<Core.DeployChecks.DeployAnswer> check, AttestRequest.Signed? signed, SigningKeys keys, HeldCheck.Answered? held = null) =>
        check.Result.Outcome switch
        {
            Outcome.Refused refused => Problems.Refused(refused.Violation),
            _ => TypedResults.Ok(ApiViews.Of(check.Result.Value!) with
            {
                Waited = held?.WaitedSeconds,
                TimedOut = held?.TimedOut,
                Attestation = signed is null ? null : AttestRequest.Attestation(check, signed, keys),
            }),
        };
}
