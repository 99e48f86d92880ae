using SignOffBot.Core.Conversations;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Chat.Attestations;

namespace SignOffBot.Host.Chat;

/// <summary>
/// What Slack and Teams run for a typed command: the core's <see cref="ChatCommandHandler"/>, except
/// <c>deploy-check … --attest</c>, whose signed answer comes from <see cref="IDeployCheckAttestations"/> with the file
/// the surface sends beside the reply.
/// </summary>
public sealed class ChatCommandRunner(ChatCommandHandler commands, IDeployCheckAttestations attestations)
{
    public ChatAnswer Handle(string text, ActionContext context)
    {
        var parsed = commands.Parse(text);
        if (parsed is not ParseResult.Parsed { Command: DeployCheckCommand { Attest: true } check })
        {
            return new ChatAnswer(commands.Answer(parsed, context));
        }

        return attestations.Check(check.Item, check.Infrastructure, check.ArtifactSha256, context) switch
        {
            AttestedDeployCheck.Signed signed => new ChatAnswer(
                new ChatReply.Text(ChatCommandHandler.DeployCheckLine(signed.Answer)),
                new ChatFile(signed.FileName, signed.Envelope, Caption(check, signed))),
            AttestedDeployCheck.Refused refused => new ChatAnswer(new ChatReply.Private(refused.Reason)),
            _ => throw new InvalidOperationException("Unknown attestation result."),
        };
    }

    /// <summary>What the file is, and how to check it offline (the host's key set is at <c>/.well-known/jwks.json</c>).</summary>
    private static string Caption(DeployCheckCommand check, AttestedDeployCheck.Signed signed)
    {
        var digest = check.ArtifactSha256 is { } hex ? $" --digest sha256:{hex}" : string.Empty;
        return $"Signed attestation of {check.Item} on {check.Infrastructure} ({signed.Answer.Decision.ToString().ToLowerInvariant()}). "
            + $"Check it offline: signoffbot verify attestation {signed.FileName} --jwks jwks.json --item {check.Item}{digest}";
    }
}

/// <summary>A command's reply, and the file that goes with it (only a signed deploy-check has one).</summary>
public sealed record ChatAnswer(ChatReply Reply, ChatFile? File = null);
