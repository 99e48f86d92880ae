using System.Text.Json;
using SignOffBot.Host.Attestation;

namespace SignOffBot.Host.Verification;

/// <summary>
/// A JWK set file, as <c>/.well-known/jwks.json</c> serves it. Its ES256 keys are taken with their <c>kid</c> recomputed
/// (the RFC 7638 thumbprint), so a key is known by what it is, whatever the file calls it; other keys are skipped.
/// </summary>
public static class KeySetFile
{
    public static IReadOnlyList<EcPublicJwk>? Read(string json, out string? problem)
    {
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                problem = "is not a JWK set ({\"keys\":[…]}, as /.well-known/jwks.json serves it)";
                return null;
            }

            return [.. keys.EnumerateArray().Select(k => EcPublicJwk.Read(k, out _)).OfType<EcPublicJwk>()];
        }
        catch (JsonException)
        {
            problem = "is not JSON";
            return null;
        }
    }
}
