using System.Net;
using System.Text.Json;
using SignOffBot.Host.Chat;

namespace SignOffBot.Host.Teams.Connector;

/// <summary>
/// The few in-process retries of the Bot Connector and token calls. They stay short: the outbox dispatcher
/// retries transient failures itself, for minutes, so a wait longer than <see cref="LongestInlineWait"/> is
/// handed back to it (as <c>DeliveryFailedException.RetryAfter</c>) instead of being slept through here.
/// </summary>
internal static class ConnectorRetry
{
    public const int MaxAttempts = 3;

    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan LongestInlineWait = TimeSpan.FromSeconds(10);

    /// <summary>Exponential backoff after the given failed attempt (1, 2, …) with up to 25 % random jitter.</summary>
    public static TimeSpan Backoff(int failedAttempt)
    {
        var wait = FirstBackoff * Math.Pow(2, Math.Max(0, failedAttempt - 1));
        return wait + (wait * (Random.Shared.NextDouble() * 0.25));
    }

    /// <summary>The Retry-After header (seconds or an HTTP date) as a wait from now; null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>429, 412 and the 5xx the Teams docs (and our outbox) treat as "try again".</summary>
    public static bool IsRetryable(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests
        or HttpStatusCode.PreconditionFailed
        or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;

    /// <summary>The error's code and message from an <c>ErrorResponse</c> or Teams' <c>errorCode</c> shape, else the start of the body.</summary>
    public static string ErrorDetail(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    return Join(error.GetStringOrDefault("code"), error.GetStringOrDefault("message"));
                }

                if (root.TryGetProperty("error", out var oauthError) && oauthError.ValueKind == JsonValueKind.String)
                {
                    return Join(oauthError.GetString(), FirstLine(root.GetStringOrDefault("error_description")));
                }

                if (root.TryGetProperty("errorCode", out var errorCode))
                {
                    return Join(errorCode.ToString(), root.GetStringOrDefault("message"));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the start of the body says enough.
        }

        return Truncate(body);
    }


    private static string? FirstLine(string? text) => text?.Split('\n', 2)[0].TrimEnd('\r');

    private static string Join(string? code, string? message) =>
        Truncate(string.Join(": ", new[] { code, message }.Where(s => !string.IsNullOrWhiteSpace(s))));

    private static string Truncate(string text)
    {
        const int Longest = 300;
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= Longest ? text : string.Concat(text.AsSpan(0, Longest), "…");
    }
}
