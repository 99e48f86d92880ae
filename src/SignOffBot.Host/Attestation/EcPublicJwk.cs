using SignOffBot.Host.Chat;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SignOffBot.Host.Attestation;

/// <summary>
/// The public half of an ES256 key as a JWK (RFC 7517/7518): an EC key on P-256, <c>kid</c> its RFC 7638 thumbprint.
/// </summary>
public sealed record EcPublicJwk(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("crv")] string Crv,
    [property: JsonPropertyName("x")] string X,
    [property: JsonPropertyName("y")] string Y,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("use")] string Use)
{
    public const string KeyType = "EC";
    public const string Curve = "P-256";
    public const string Algorithm = "ES256";
    public const string Signing = "sig";

    private const int CoordinateBytes = 32;

    public static EcPublicJwk Of(ECParameters parameters) =>
        From(Base64Url.Encode(parameters.Q.X), Base64Url.Encode(parameters.Q.Y));

    /// <summary>
    /// The key of two base64url coordinates, or null when they are not 32 bytes each or not a point of P-256 (an
    /// off-curve point is refused by the platform's import).
    /// </summary>
    public static EcPublicJwk? TryFrom(string? x, string? y)
    {
        if (Base64Url.Decode(x) is not { Length: CoordinateBytes } qx || Base64Url.Decode(y) is not { Length: CoordinateBytes } qy)
        {
            return null;
        }

        try
        {
            using var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = qx, Y = qy } });
            return From(x!, y!);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>RFC 7638: SHA-256 of the required members in lexical order, no whitespace, base64url.</summary>
    public static string Thumbprint(string x, string y) =>
        Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($"{{\"crv\":\"{Curve}\",\"kty\":\"{KeyType}\",\"x\":\"{x}\",\"y\":\"{y}\"}}")));

    /// <summary>A key of a JWK set: an EC P-256 key whose <c>alg</c> and <c>use</c>, when given, are ES256 and sig.</summary>
    public static EcPublicJwk? Read(JsonElement jwk, out string? problem)
    {
        problem = null;
        if (jwk.ValueKind != JsonValueKind.Object || jwk.GetStringOrDefault("kty") != KeyType || jwk.GetStringOrDefault("crv") != Curve)
        {
            problem = "is not an EC key on P-256 (kty EC, crv P-256)";
            return null;
        }

        if (jwk.GetStringOrDefault("alg") is { } alg && alg != Algorithm || jwk.GetStringOrDefault("use") is { } use && use != Signing)
        {
            problem = "is not a signing key for ES256 (alg ES256, use sig)";
            return null;
        }

        var key = TryFrom(jwk.GetStringOrDefault("x"), jwk.GetStringOrDefault("y"));
        if (key is null)
        {
            problem = "has no valid P-256 point in x and y";
        }

        return key;
    }

    public ECDsa ToKey() => ECDsa.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Base64Url.Decode(X), Y = Base64Url.Decode(Y) },
    });

    private static EcPublicJwk From(string x, string y) => new(KeyType, Curve, x, y, Thumbprint(x, y), Algorithm, Signing);
}

/// <summary>A JWK set (RFC 7517 section 5), as <c>/.well-known/jwks.json</c> publishes it.</summary>
public sealed record JsonWebKeySet([property: JsonPropertyName("keys")] IReadOnlyList<EcPublicJwk> Keys);
