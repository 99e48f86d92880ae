using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace SignOffBot.Host.Attestation;

/// <summary>
/// A DSSE envelope (github.com/secure-systems-lab/dsse, protocol v1): the payload and its type, and signatures over
/// their pre-authentication encoding. Payload and signatures are standard base64; each signature is ECDSA P-256 with
/// SHA-256 in ASN.1 DER, as sigstore and in-toto write ECDSA signatures; <c>keyid</c> is the RFC 7638 thumbprint of
/// the key, the <c>kid</c> of its JWK.
/// </summary>
public sealed record DsseEnvelope(
    [property: JsonPropertyName("payloadType")] string PayloadType,
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("signatures")] IReadOnlyList<DsseSignature> Signatures);

public sealed record DsseSignature(
    [property: JsonPropertyName("keyid")] string KeyId,
    [property: JsonPropertyName("sig")] string Sig);

public static class Dsse
{
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary><c>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>, lengths in bytes as ASCII decimals.</summary>
    public static byte[] Pae(string payloadType, byte[] payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var head = Encoding.UTF8.GetBytes($"DSSEv1 {type.Length} {payloadType} {payload.Length} ");
        return [.. head, .. payload];
    }

    public static DsseEnvelope Sign(string payloadType, byte[] payload, SigningKeys keys)
    {
        var signature = keys.Sign(Pae(payloadType, payload), DSASignatureFormat.Rfc3279DerSequence);
        return new DsseEnvelope(payloadType, Convert.ToBase64String(payload), [new DsseSignature(keys.Current!.Kid, Convert.ToBase64String(signature))]);
    }
}
