using System.Text.Json;
using SignOffBot.Host.Chat;

namespace SignOffBot.Host.Teams.Connector;

/// <summary>
/// What the Bot Connector and its token endpoint say when they refuse a call, shortened for a log line or a
/// <c>DeliveryFailedException</c> message. (Retrying is the <see cref="Http.OutboundResilience"/> policy's.)
/// </summary>
internal static class ConnectorErrors
{
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
