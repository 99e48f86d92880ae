namespace SignOffBot.Host.Attestation;

/// <summary>
/// The <c>Attestation</c> configuration section: the ES256 key deploy-check attestations and audit heads are signed
/// with, and the public keys of earlier signing keys, still published so what they signed still verifies. Without a
/// signing key nothing is signed (attest=true and the audit head are refused) and the published key set is empty.
/// </summary>
public sealed class AttestationOptions : Configuration.IValidatedOptions
{
    public const string Section = "Attestation";

    /// <summary>The private key in PEM (PKCS#8 or SEC 1), P-256; a secret, never logged nor shown in a message.</summary>
    public string SigningKey { get; set; } = "";

    public List<PreviousKeyOptions> PreviousKeys { get; set; } = [];

    public bool IsOn => !string.IsNullOrWhiteSpace(SigningKey);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        string? current = null;
        if (IsOn)
        {
            using var key = Es256Pem.ReadPrivate(SigningKey, out var problem);
            if (key is null)
            {
                problems.Add($"{Section}:SigningKey: {problem}");
            }
            else
            {
                current = EcPublicJwk.Of(key.ExportParameters(includePrivateParameters: false)).Kid;
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < PreviousKeys.Count; i++)
        {
            var name = $"{Section}:PreviousKeys:{i}";
            var key = PreviousKeys[i].Read(out var problem);
            if (key is null)
            {
                problems.Add($"{name}: {problem}");
            }
            else if (key.Kid == current)
            {
                problems.Add($"{name}: is the public key of {Section}:SigningKey itself; list only keys that signed before it.");
            }
            else if (!seen.Add(key.Kid))
            {
                problems.Add($"{name}: is listed twice (kid {key.Kid}).");
            }
        }

        return problems;
    }
}

/// <summary>
/// A public key of an earlier signing key: its JWK (<c>kty</c>, <c>crv</c>, <c>x</c>, <c>y</c>, and <c>kid</c>,
/// <c>alg</c>, <c>use</c> when given, as keys new-signing and the key set print it), or <see cref="Pem"/>.
/// </summary>
public sealed class PreviousKeyOptions
{
    public string? Kty { get; set; }

    public string? Crv { get; set; }

    public string? X { get; set; }

    public string? Y { get; set; }

    public string? Kid { get; set; }

    public string? Alg { get; set; }

    public string? Use { get; set; }

    /// <summary>A PEM public key (<c>-----BEGIN PUBLIC KEY-----</c>), instead of the JWK members.</summary>
    public string? Pem { get; set; }

    public EcPublicJwk? Read(out string? problem)
    {
        var jwk = Kty is not null || Crv is not null || X is not null || Y is not null;
        if (string.IsNullOrWhiteSpace(Pem) == !jwk)
        {
            problem = "give either the key's JWK (kty, crv, x, y) or its Pem, one of the two.";
            return null;
        }

        if (!jwk)
        {
            return Es256Pem.ReadPublic(Pem!, out problem);
        }

        problem = null;
        EcPublicJwk? key = null;
        if (Kty != EcPublicJwk.KeyType || Crv != EcPublicJwk.Curve)
        {
            problem = "is not an EC key on P-256 (kty EC, crv P-256): ES256 keys only.";
        }
        else if ((Alg ?? EcPublicJwk.Algorithm) != EcPublicJwk.Algorithm || (Use ?? EcPublicJwk.Signing) != EcPublicJwk.Signing)
        {
            problem = "is not a signing key for ES256 (alg ES256, use sig).";
        }
        else if ((key = EcPublicJwk.TryFrom(X, Y)) is null)
        {
            problem = "x and y are not a point of P-256 (32 bytes each, base64url).";
        }
        else if (Kid is not null && Kid != key.Kid)
        {
            problem = $"kid '{Kid}' is not the key's RFC 7638 thumbprint ({key.Kid}): the JWK was changed or mixed up with another one.";
            key = null;
        }

        return key;
    }
}
