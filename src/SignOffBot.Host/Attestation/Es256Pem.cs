using System.Security.Cryptography;

namespace SignOffBot.Host.Attestation;

/// <summary>
/// Reads ES256 keys from PEM text (PKCS#8 <c>PRIVATE KEY</c>, SEC 1 <c>EC PRIVATE KEY</c>, SPKI <c>PUBLIC KEY</c>).
/// Line breaks may be written as the two characters <c>\n</c>, as an environment variable often holds them. A problem
/// says what is wrong with the key, never what it holds.
/// </summary>
public static class Es256Pem
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>The private key, or null with the problem.</summary>
    public static ECDsa? ReadPrivate(string text, out string? problem)
    {
        var key = Read(text, out problem);
        if (key is null)
        {
            return null;
        }

        try
        {
            _ = key.ExportParameters(includePrivateParameters: true);
            return key;
        }
        catch (CryptographicException)
        {
            key.Dispose();
            problem = "holds only a public key; the signing key is the private key (-----BEGIN PRIVATE KEY-----) that signoffbot keys new-signing prints.";
            return null;
        }
    }

    /// <summary>The public key of a PEM public key, or null with the problem (a private key is refused: only public halves belong here).</summary>
    public static EcPublicJwk? ReadPublic(string text, out string? problem)
    {
        using var key = Read(text, out problem);
        if (key is null)
        {
            return null;
        }

        try
        {
            _ = key.ExportParameters(includePrivateParameters: true);
            problem = "holds a private key; put only the public key here (its JWK, as keys new-signing and /.well-known/jwks.json show it, or -----BEGIN PUBLIC KEY-----).";
            return null;
        }
        catch (CryptographicException)
        {
            return EcPublicJwk.Of(key.ExportParameters(includePrivateParameters: false));
        }
    }

    private static ECDsa? Read(string text, out string? problem)
    {
        problem = null;
        var pem = text.Replace("\\n", "\n", StringComparison.Ordinal).Trim();
        if (!pem.StartsWith("-----BEGIN ", StringComparison.Ordinal))
        {
            problem = "is not a PEM key (it must start with -----BEGIN …-----).";
            return null;
        }

        if (pem.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            problem = "is an encrypted PEM key; give it unencrypted (kept in a secret store or an environment variable).";
            return null;
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            problem = "is not a readable EC key in PEM (PKCS#8 PRIVATE KEY, SEC 1 EC PRIVATE KEY or PUBLIC KEY); an RSA or Ed25519 key is not ES256.";
            return null;
        }

        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        if (curve.Oid?.Value != P256Oid && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256" or "secp256r1"))
        {
            key.Dispose();
            problem = $"is an EC key on {curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "an unnamed curve"}, not P-256: ES256 needs a P-256 key (signoffbot keys new-signing makes one).";
            return null;
        }

        return key;
    }
}
