using System.Text.Json;
using System.Text.Json.Serialization;
using SignOffBot.Core.Audit;

namespace SignOffBot.Host.Attestation;

/// <summary>
/// The audit trail's latest event, signed: <c>GET /api/v1/audit/head</c> answers this document, and
/// <c>signoffbot verify audit --head</c> takes it as a file (or the bare <see cref="Head"/> JWS). Only the JWS counts:
/// its payload is <see cref="AuditHeadClaims"/>; the other members repeat it for people and must agree with it.
/// An empty trail has sequence 0 and the genesis hash (64 zeros).
/// </summary>
public sealed record SignedAuditHead(
    [property: JsonPropertyName("head")] string Head,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("events")] long Events,
    [property: JsonPropertyName("at")] string? At,
    [property: JsonPropertyName("signedAt")] string SignedAt,
    [property: JsonPropertyName("kid")] string Kid)
{
    /// <summary>The JWS header's <c>typ</c>: a head is never taken for another signed document of the host.</summary>
    public const string JwsType = "signoffbot-audit-head+jws";

    public static SignedAuditHead Sign(AuditEvent? last, DateTimeOffset now, SigningKeys keys)
    {
        var claims = new AuditHeadClaims(
            last?.Seq ?? 0, last?.Hash ?? AuditChain.GenesisHash, last?.Seq ?? 0, last is null ? null : CanonicalJson.FormatTime(last.At), CanonicalJson.FormatTime(now));
        var jws = CompactJws.Sign(JwsType, JsonSerializer.SerializeToUtf8Bytes(claims, SignedJson.Options), keys);
        return new SignedAuditHead(jws, claims.Sequence, claims.Hash, claims.Events, claims.At, claims.SignedAt, keys.Current!.Kid);
    }
}

/// <summary>
/// What a signed head states: the sequence number and hash of the latest event, how many events the trail holds (the
/// same number: sequences start at 1 without gaps), that event's time, and when the head was signed.
/// </summary>
public sealed record AuditHeadClaims(
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("events")] long Events,
    [property: JsonPropertyName("at")] string? At,
    [property: JsonPropertyName("signedAt")] string SignedAt);
