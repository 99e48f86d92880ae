using System.Text.Json;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Attestation;

namespace SignOffBot.Host.Chat.Attestations;

/// <summary>
/// Chat's signed deploy-check: the check recorded like every check, its answer signed over the check's own audit event
/// with the host's signing key (the same envelope <c>attest=true</c> gives a pipeline); refused with
/// <see cref="NotConfigured"/>, before anything is checked or recorded, while the host has no signing key.
/// </summary>
public sealed class DeployCheckAttestations(DeployService deploys, SigningKeys keys) : IDeployCheckAttestations
{
    public const string NotConfigured =
        "Signed attestations are not configured on this host (it has no signing key): ask without --attest, or ask an administrator to set Attestation:SigningKey.";

    public AttestedDeployCheck Check(ItemKey item, string infrastructure, string? artifactSha256, ActionContext context)
    {
        if (!keys.IsOn)
        {
            return new AttestedDeployCheck.Refused(NotConfigured);
        }

        var check = deploys.CheckAudited(item, infrastructure, context);
        if (check.Result.Outcome is Outcome.Refused refused)
        {
            return new AttestedDeployCheck.Refused(refused.Violation.ReaderMessage);
        }

        // A repeated delivery is answered without a new check, so there is no audit event of its own to cite.
        if (check.Result.Value is not { } answer || check.Events.LastOrDefault(e => e.Action == AuditActions.DeployCheck) is not { } own)
        {
            return new AttestedDeployCheck.Refused("This deploy-check was answered already; ask again for its attestation.");
        }

        var envelope = DeployCheckAttestation.Envelope(answer, own, artifactSha256, keys);
        return new AttestedDeployCheck.Signed(answer, AttestedDeployCheck.FileNameFor(item, infrastructure), JsonSerializer.SerializeToUtf8Bytes(envelope, SignedJson.Options));
    }
}
