using System.Security.Claims;
using SignOffBot.Host.Api;

namespace SignOffBot.Host.Teams.Authentication;

/// <summary>Why an inbound Bot Framework request was refused; decides the HTTP status of the answer.</summary>
public enum ChannelAuthenticationFailure
{
    None,

    /// <summary>No, malformed, unsigned, expired or foreign token (wrong issuer, audience, signature, key): 401.</summary>
    Unauthenticated,

    /// <summary>A valid Bot Framework token that does not cover this activity (endorsement or serviceurl): 403.</summary>
    Forbidden,

    /// <summary>The channel's signing keys could not be fetched; the channel may retry later: 503.</summary>
    KeysUnavailable,
}

/// <summary>
/// The outcome of <see cref="BotFrameworkAuthenticator.AuthenticateAsync"/>. <see cref="Reason"/> is for the logs only
/// (the authenticator already logged it): never send it back to the caller, whose answer says only what kind of
/// failure it was (<see cref="Refusal"/>).
/// </summary>
public sealed record ChannelAuthentication
{
    private ChannelAuthentication(ClaimsIdentity? identity, ChannelAuthenticationFailure failure, string? reason)
    {
        Identity = identity;
        Failure = failure;
        Reason = reason;
    }

    public bool Succeeded => Failure == ChannelAuthenticationFailure.None;

    /// <summary>The validated claims of the channel's token (iss, aud, serviceurl, …); null on failure.</summary>
    public ClaimsIdentity? Identity { get; }

    public ChannelAuthenticationFailure Failure { get; }

    /// <summary>Why the request was refused, for the logs; null on success. Never contains the token.</summary>
    public string? Reason { get; }

    /// <summary>The HTTP status <c>/api/messages</c> should answer a refused request with (200 when it succeeded).</summary>
    public int StatusCode => Failure switch
    {
        ChannelAuthenticationFailure.None => StatusCodes.Status200OK,
        ChannelAuthenticationFailure.Forbidden => StatusCodes.Status403Forbidden,
        ChannelAuthenticationFailure.KeysUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status401Unauthorized,
    };

    /// <summary>
    /// The answer to a refused request: <see cref="StatusCode"/> as problem details that say what kind of failure it was:
    /// 401 no usable token, 403 a token that does not cover this activity, 503 the keys to check it could not be fetched
    /// (the host's failure, not the token's: a channel or sender may try again).
    /// </summary>
    public IResult Refusal() => Failure switch
    {
        ChannelAuthenticationFailure.None => throw new InvalidOperationException("The request was authenticated."),
        ChannelAuthenticationFailure.Forbidden => Problems.Status(StatusCode, "Forbidden",
            "The Bot Framework token does not cover this activity: its signing key is not endorsed for Teams, or its serviceurl is not the activity's serviceUrl. Nothing was done."),
        ChannelAuthenticationFailure.KeysUnavailable => Problems.Status(StatusCode, "Service unavailable",
            "The Bot Framework signing keys could not be fetched to check the token; send the activity again shortly. Nothing was done."),
        _ => Unauthenticated(),
    };

    /// <summary>401 for a request with no usable token for this bot (or while Teams is off here).</summary>
    public static IResult Unauthenticated() => Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized",
        "The request needs a valid Bot Framework token for this bot (Authorization: Bearer …). Nothing was done.");

    /// <summary>The validated <c>serviceurl</c> claim (equal to the activity's serviceUrl); null on failure.</summary>
    public string? ServiceUrl => Identity?.FindFirst(BotFrameworkAuthenticator.ServiceUrlClaim)?.Value;

    public static ChannelAuthentication Success(ClaimsIdentity identity) =>
        new(identity, ChannelAuthenticationFailure.None, null);

    public static ChannelAuthentication Fail(ChannelAuthenticationFailure failure, string reason) =>
        failure == ChannelAuthenticationFailure.None
            ? throw new ArgumentException("A failure needs a failure kind.", nameof(failure))
            : new(null, failure, reason);
}
