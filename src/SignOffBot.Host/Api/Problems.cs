using SignOffBot.Core.Conversations;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.Api;

/// <summary>RFC 9457 problem details whose <c>detail</c> tells a person what to change.</summary>
public static class Problems
{
    /// <summary>Longer details are cut here: a detail may quote what was sent, and that may be of any size.</summary>
    public const int MaxDetailLength = 1_000;

    public static IResult Status(int status, string title, string detail, string? rule = null) => TypedResults.Problem(
        detail: ChatText.Cut(detail, MaxDetailLength),
        statusCode: status,
        title: title,
        type: $"https://signoffbot.dev/problems/{(rule ?? title).ToLowerInvariant().Replace(' ', '-')}",
        extensions: rule is null ? null : new Dictionary<string, object?> { ["rule"] = rule });

    public static IResult BadRequest(string detail) => Status(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static IResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, "Not found", detail);

    /// <summary>Something signed was asked of a host that has no signing key: nothing was done.</summary>
    public static IResult NoSigningKey(string asked) => Status(
        StatusCodes.Status409Conflict,
        "Conflict",
        $"{asked} needs a signature, but this host has no signing key: its operator sets Attestation:SigningKey (made with 'signoffbot keys new-signing'). Nothing was checked or recorded.",
        "no-signing-key");

    public static IResult Refused(RuleViolation violation) => Status(
        violation.Kind switch
        {
            RefusalKind.Invalid => StatusCodes.Status400BadRequest,
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status409Conflict,
        },
        violation.Kind switch
        {
            RefusalKind.Invalid => "Bad request",
            RefusalKind.NotFound => "Not found",
            RefusalKind.Forbidden => "Forbidden",
            _ => "Conflict",
        },
        violation.Message,
        violation.Rule);
}
