using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Attestation;

namespace SignOffBot.Host.Api;

/// <summary>
/// <c>attest=true[&amp;digest=sha256:&lt;hex&gt;]</c> on a deploy-check: read and refused before anything is checked
/// or recorded (a malformed value, a digest without attest=true, no signing key); then the answer with its attestation
/// over the check's own committed audit event.
/// </summary>
public static class AttestRequest
{
    /// <summary>What was asked for when the answer is to be signed.</summary>
    public sealed record Signed(string? ArtifactSha256);

    /// <summary>A problem to answer instead of checking, or null; <paramref name="signed"/> is null when nothing is to be signed.</summary>
    public static IResult? Read(string? attest, string? digest, SigningKeys keys, out Signed? signed)
    {
        signed = null;
        var on = attest?.Trim().ToLowerInvariant() switch
        {
            null or "" or "false" => false,
            "true" => true,
            _ => (bool?)null,
        };
        if (on is null)
        {
            return Problems.BadRequest($"attest is true or false, not '{attest}'.");
        }

        if (digest is not null && on == false)
        {
            return Problems.BadRequest("digest= names the artifact an attestation is about: use it with attest=true.");
        }

        var artifact = DeployCheckAttestation.ParseDigest(digest);
        if (digest is not null && artifact is null)
        {
            return Problems.BadRequest($"digest is {DeployCheckAttestation.DigestForm} (the artifact's SHA-256, e.g. sha256:{new string('0', 64)}), not '{digest}'.");
        }

        if (on == true && !keys.IsOn)
        {
            return Problems.NoSigningKey("attest=true");
        }

        signed = on == true ? new Signed(artifact) : null;
        return null;
    }

    /// <summary>The attestation of a committed (not refused) check, over its own audit event.</summary>
    public static DsseEnvelope Attestation(AuditedResult<DeployAnswer> check, Signed signed, SigningKeys keys) =>
        DeployCheckAttestation.Envelope(check.Result.Value!, check.Events.Last(e => e.Action == AuditActions.DeployCheck), signed.ArtifactSha256, keys);
}
