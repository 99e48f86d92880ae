using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using SignOffBot.Host.Attestation;

namespace SignOffBot.Host.Keys;

/// <summary>
/// <c>signoffbot keys new-signing</c>: prints a fresh ES256 (P-256) private key in PEM for <c>Attestation:SigningKey</c>,
/// as a configuration entry and as an environment variable, and its public JWK (kid: the RFC 7638 thumbprint) to keep
/// for <c>Attestation:PreviousKeys</c> once it is replaced. The key is made here and shown once; nothing is stored.
/// </summary>
public static class SigningKeyCommand
{
    // The PEM's '+' characters stay as they are (a PEM is not going into HTML).
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(TextWriter output)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportPkcs8PrivateKeyPem();
        var jwk = EcPublicJwk.Of(key.ExportParameters(includePrivateParameters: false));

        output.WriteLine("Signing key (ES256, P-256; shown once, keep it secret: a secret store or an environment variable, never a committed file):");
        output.WriteLine(pem);
        output.WriteLine();
        output.WriteLine("Configuration entry for Attestation:SigningKey (a --config file, or merge into yours):");
        output.WriteLine(JsonSerializer.Serialize(new { Attestation = new { SigningKey = pem + "\n" } }, Indented));
        output.WriteLine();
        output.WriteLine("Or as an environment variable (line breaks written as \\n):");
        output.WriteLine($"Attestation__SigningKey={pem.ReplaceLineEndings("\\n")}");
        output.WriteLine();
        output.WriteLine($"Its public key (kid {jwk.Kid}), published at /.well-known/jwks.json while it signs. Keep it: when this key is");
        output.WriteLine("replaced, add it to Attestation:PreviousKeys so what it signed still verifies:");
        output.WriteLine(JsonSerializer.Serialize(jwk));
        return 0;
    }
}
