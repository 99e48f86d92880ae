using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Chat.Attestations;

/// <summary>
/// Where chat gets a signed deploy-check (<c>deploy-check … --attest</c>): the one boundary between the chat surfaces,
/// which send the file, and the signing, which they know nothing of (keys, formats).
/// </summary>
public interface IDeployCheckAttestations
{
    /// <summary>
    /// Runs the deploy-check of <paramref name="item"/> on <paramref name="infrastructure"/> for the person of
    /// <paramref name="context"/> (recorded like every check) and signs its answer; or refuses, then nothing is sent.
    /// </summary>
    /// <param name="artifactSha256">The lower-case hex SHA-256 of the artifact (<c>--digest</c>), or null when none was named.</param>
    AttestedDeployCheck Check(ItemKey item, string infrastructure, string? artifactSha256, ActionContext context);
}

/// <summary>What <see cref="IDeployCheckAttestations.Check"/> gives: the signed answer, or why there is none.</summary>
public abstract record AttestedDeployCheck
{
    private AttestedDeployCheck()
    {
    }

    /// <summary>The answer as chat shows it, and the attestation (a DSSE envelope, as JSON) to send as the file <paramref name="FileName"/>.</summary>
    public sealed record Signed(DeployAnswer Answer, string FileName, byte[] Envelope) : AttestedDeployCheck;

    /// <summary>No file: <paramref name="Reason"/> is told privately to the person who asked (no signing key, an unknown item…).</summary>
    public sealed record Refused(string Reason) : AttestedDeployCheck;

    /// <summary>The file name of an attestation: the item and the infrastructure, with only characters safe in a file name.</summary>
    public static string FileNameFor(ItemKey item, string infrastructure) =>
        Safe($"{item.Project}_{item.Name}@{item.Version}_{infrastructure}") + ".attestation.json";

    private static string Safe(string text) =>
        string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@' ? c : '_'));
}
