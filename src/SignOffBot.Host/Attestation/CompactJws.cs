using SignOffBot.Host.Chat;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SignOffBot.Host.Attestation;

/// <summary>
/// A JWS in compact serialization (RFC 7515) signed with ES256 (RFC 7518 section 3.4: the signature is r‖s, 64 bytes):
/// <c>base64url(header) "." base64url(payload) "." base64url(signature)</c>, the header naming <c>alg</c>, <c>kid</c> and <c>typ</c>.
/// </summary>
public static class CompactJws
{
    public static string Sign(string type, byte[] payload, SigningKeys keys)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(
            new Dictionary<string, string>
            {
                ["alg"] = EcPublicJwk.Algorithm,
                ["kid"] = keys.Current!.Kid,
                ["typ"] = type,
            },
            SignedJson.Options);
        var signingInput = Base64Url.Encode(header) + "." + Base64Url.Encode(payload);
        var signature = keys.Sign(Encoding.ASCII.GetBytes(signingInput), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.Encode(signature);
    }

    /// <summary>
    /// The payload of a JWS of <paramref name="type"/> whose ES256 signature verifies with the key of its <c>kid</c> in
    /// <paramref name="keys"/>; otherwise null with the problem.
    /// </summary>
    public static byte[]? Verify(string jws, string type, IReadOnlyList<EcPublicJwk> keys, out string? problem)
    {
        problem = null;
        var parts = jws.Trim().Split('.');
        var header = parts.Length == 3 ? Base64Url.Decode(parts[0]) : null;
        var payload = parts.Length == 3 ? Base64Url.Decode(parts[1]) : null;
        var signature = parts.Length == 3 ? Base64Url.Decode(parts[2]) : null;
        if (header is null || payload is null || signature is null)
        {
            problem = "is not a JWS in compact form (three base64url parts separated by dots)";
            return null;
        }

        string? alg, kid, typ;
        try
        {
            using var parsed = JsonDocument.Parse(header);
            var root = parsed.RootElement;
            (alg, kid, typ) = (root.GetStringOrDefault("alg"), root.GetStringOrDefault("kid"), root.GetStringOrDefault("typ"));
            if (parsed.RootElement.ValueKind == JsonValueKind.Object && parsed.RootElement.TryGetProperty("crit", out _))
            {
                problem = "has critical header parameters this verifier does not know";
                return null;
            }
        }
        catch (JsonException)
        {
            problem = "has a header that is not JSON";
            return null;
        }

        if (alg != EcPublicJwk.Algorithm || typ != type)
        {
            problem = $"is not an ES256 JWS of type {type} (alg {alg ?? "missing"}, typ {typ ?? "missing"})";
            return null;
        }

        var key = keys.FirstOrDefault(k => k.Kid == kid);
        if (key is null)
        {
            problem = $"is signed with key {kid ?? "(no kid)"}, which is not in the key set";
            return null;
        }

        using var ecdsa = key.ToKey();
        if (!ecdsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            problem = $"has a signature that does not verify with key {kid}";
            return null;
        }

        return payload;
    }
}
