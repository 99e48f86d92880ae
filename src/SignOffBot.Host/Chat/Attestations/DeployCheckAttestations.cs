using SignOffBot.Core.Items;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Chat.Attestations;

/// <summary>
/// Provisional: attestations are not configured on this host, so every <c>deploy-check … --attest</c> in chat is refused
/// with <see cref="NotConfigured"/> before anything is checked or recorded. The signing of issue 18 takes this class's
/// place (this file only): check with <c>DeployService.CheckAudited</c>, sign the answer with the host's signing key, and
/// answer <see cref="AttestedDeployCheck.Signed"/> with the envelope's JSON and
/// <see cref="AttestedDeployCheck.FileNameFor"/>; still <see cref="NotConfigured"/> while no key is set.
/// </summary>
public sealed class DeployCheckAttestations : IDeployCheckAttestations
{
    public const string NotConfigured =
        "Signed attestations are not configured on this host (it has no signing key): ask without --attest, or ask an administrator to set Attestation:SigningKey.";

    public AttestedDeployCheck Check(ItemKey item, string infrastructure, string? artifactSha256, ActionContext context) =>
        new AttestedDeployCheck.Refused(NotConfigured);
}
