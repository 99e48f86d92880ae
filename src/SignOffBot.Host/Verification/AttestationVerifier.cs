using SignOffBot.Host.Chat;
using System.Security.Cryptography;
using System.Text.Json;
using SignOffBot.Core.Items;
using SignOffBot.Host.Attestation;

namespace SignOffBot.Host.Verification;

/// <summary>
/// Checks a deploy-check attestation offline: the DSSE envelope (the bare envelope, or a deploy-check answer holding it
/// as <c>attestation</c>), a signature over its PAE by a key of the key set, the in-toto Statement and predicate shape,
/// the subjects asked for, and the decision. Nothing but the two files is read.
/// </summary>
public static class AttestationVerifier
{
    public static Verdict Verify(string attestationJson, IReadOnlyList<EcPublicJwk> keys, string? item, string? artifactSha256)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(attestationJson);
        }
        catch (JsonException)
        {
            return Invalid("The attestation file is not JSON.");
        }

        using (document)
        {
            var envelope = document.RootElement;
            if (envelope.ValueKind == JsonValueKind.Object && envelope.TryGetProperty("attestation", out var inside))
            {
                envelope = inside;
            }

            if (envelope.GetStringOrDefault("payloadType") is not { } payloadType || envelope.GetStringOrDefault("payload") is not { } encoded
                || !envelope.TryGetProperty("signatures", out var signatures) || signatures.ValueKind != JsonValueKind.Array)
            {
                return Invalid("The file is not a DSSE envelope ({\"payloadType\",\"payload\",\"signatures\":[{\"keyid\",\"sig\"}]}) nor a deploy-check answer holding one as \"attestation\".");
            }

            if (payloadType != Dsse.InTotoPayloadType)
            {
                return Invalid($"The envelope's payloadType is '{payloadType}', not {Dsse.InTotoPayloadType}.");
            }

            if (Base64(encoded) is not { } payload)
            {
                return Invalid("The envelope's payload is not base64.");
            }

            var signer = SignedBy(payloadType, payload, signatures, keys, out var signatureProblem);
            if (signer is null)
            {
                return Invalid($"The attestation's signature does not hold: {signatureProblem}");
            }

            return Statement(payload, signer, item, artifactSha256);
        }
    }

    /// <summary>The key of the first signature that verifies over the PAE, or null with why none did.</summary>
    private static EcPublicJwk? SignedBy(string payloadType, byte[] payload, JsonElement signatures, IReadOnlyList<EcPublicJwk> keys, out string problem)
    {
        problem = "the envelope has no signature.";
        var pae = Dsse.Pae(payloadType, payload);
        foreach (var signature in signatures.EnumerateArray())
        {
            var keyId = signature.GetStringOrDefault("keyid");
            if (Base64(signature.GetStringOrDefault("sig")) is not { } sig)
            {
                problem = "a signature is not base64.";
                continue;
            }

            // DSSE's keyid is optional: without one, every key of the set is tried.
            var candidates = string.IsNullOrEmpty(keyId) ? keys : keys.Where(k => k.Kid == keyId).ToList();
            if (candidates.Count == 0)
            {
                problem = $"it is signed with key {keyId}, which is not in the key set (--jwks).";
                continue;
            }

            foreach (var candidate in candidates)
            {
                using var key = candidate.ToKey();
                if (key.VerifyData(pae, sig, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
                {
                    return candidate;
                }
            }

            problem = $"the signature does not verify with key {(string.IsNullOrEmpty(keyId) ? "any key of the set" : keyId)}: the payload or the signature was changed.";
        }

        return null;
    }

    private static Verdict Statement(byte[] payload, EcPublicJwk signer, string? item, string? artifactSha256)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return Invalid("The signed payload is not JSON.");
        }

        using (document)
        {
            var statement = document.RootElement;
            if (ShapeProblem(statement) is { } shape)
            {
                return Invalid($"The signed payload is not a deploy-check statement: {shape}");
            }

            var predicate = statement.GetProperty("predicate");
            var subjects = statement.GetProperty("subject").EnumerateArray()
                .Select(s => (Name: s.GetProperty("name").GetString()!, Sha256: s.GetProperty("digest").GetStringOrDefault("sha256")))
                .ToList();
            var attested = predicate.GetStringOrDefault("item")!;
            if (!subjects.Any(s => s.Name == attested && s.Sha256 == DeployCheckAttestation.ItemDigest(attested)))
            {
                return Invalid($"The statement has no subject for its own item {attested} with that key's digest.");
            }

            var infrastructure = predicate.GetStringOrDefault("infrastructure");
            var decision = predicate.GetStringOrDefault("decision");
            var audit = predicate.GetProperty("audit");
            var about = $"{attested} on {infrastructure}, decision {decision}, checked {predicate.GetStringOrDefault("checkedAt")} by {predicate.GetStringOrDefault("checkedBy")} "
                + $"(audit event {audit.GetProperty("seq").GetInt64()}, hash {audit.GetStringOrDefault("hash")}), signed with key {signer.Kid}";
            if (item is not null && !(string.Equals(item.Trim(), attested, StringComparison.OrdinalIgnoreCase)
                && subjects.Any(s => s.Sha256 == DeployCheckAttestation.ItemDigest(item))))
            {
                return new Verdict(VerifyExit.Mismatch, $"The attestation is valid but about {attested}, not {item.Trim()}: {about}.");
            }

            var artifacts = subjects.Where(s => s.Name == DeployCheckAttestation.ArtifactSubject).Select(s => s.Sha256).ToList();
            if (artifactSha256 is not null && !artifacts.Contains(artifactSha256))
            {
                var named = artifacts.Count == 0 ? "names no artifact" : $"is about artifact sha256:{artifacts[0]}";
                return new Verdict(VerifyExit.Mismatch, $"The attestation is valid but {named}, not sha256:{artifactSha256}: {about}.");
            }

            var artifact = artifacts.Count > 0 ? $", artifact sha256:{artifacts[0]}" : string.Empty;
            return decision == "allowed"
                ? new Verdict(VerifyExit.Ok, $"Valid attestation: {about}{artifact}.")
                : new Verdict(VerifyExit.NotAllowed, $"Valid attestation, but not allowed: {about}{artifact}. Reason: {predicate.GetStringOrDefault("reason")}");
        }
    }

    /// <summary>What makes the payload not an in-toto Statement v1 with this host's predicate, or null.</summary>
    private static string? ShapeProblem(JsonElement statement)
    {
        if (statement.ValueKind != JsonValueKind.Object || statement.GetStringOrDefault("_type") != InTotoStatement.StatementType)
        {
            return $"_type is not {InTotoStatement.StatementType}.";
        }

        if (statement.GetStringOrDefault("predicateType") != DeployCheckPredicate.Type)
        {
            return $"predicateType is not {DeployCheckPredicate.Type}.";
        }

        if (!statement.TryGetProperty("subject", out var subjects) || subjects.ValueKind != JsonValueKind.Array || subjects.GetArrayLength() == 0
            || subjects.EnumerateArray().Any(s => s.GetStringOrDefault("name") is null || !s.TryGetProperty("digest", out var digest)
                || digest.ValueKind != JsonValueKind.Object || !digest.EnumerateObject().Any()
                || digest.EnumerateObject().Any(d => d.Value.ValueKind != JsonValueKind.String)))
        {
            return "subject is not a list of {name, digest:{algorithm: hex}}.";
        }

        if (!statement.TryGetProperty("predicate", out var predicate) || predicate.ValueKind != JsonValueKind.Object
            || new[] { "item", "infrastructure", "decision", "reason", "checkedAt", "checkedBy" }.Any(f => predicate.GetStringOrDefault(f) is null)
            || !predicate.TryGetProperty("audit", out var audit) || audit.ValueKind != JsonValueKind.Object
            || !audit.TryGetProperty("seq", out var seq) || !seq.TryGetInt64(out _) || audit.GetStringOrDefault("hash") is null
            || !ItemKey.TryParse(predicate.GetStringOrDefault("item"), out _))
        {
            return "the predicate lacks item, infrastructure, decision, reason, checkedAt, checkedBy or audit {seq, hash}.";
        }

        return null;
    }

    /// <summary>Standard base64 (DSSE also allows base64url), taken only in its one canonical spelling.</summary>
    private static byte[]? Base64(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.IndexOfAny(['-', '_']) >= 0 || (text.Length % 4 != 0 && !text.Contains('=', StringComparison.Ordinal)))
        {
            return Base64Url.Decode(text.TrimEnd('='));
        }

        try
        {
            var bytes = Convert.FromBase64String(text);
            return Convert.ToBase64String(bytes) == text ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static Verdict Invalid(string message) => new(VerifyExit.Invalid, message);
}
