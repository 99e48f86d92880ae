using SignOffBot.Host.Backup;
using SignOffBot.Host.Keys;
using SignOffBot.Host.Manifests;
using SignOffBot.Host.StoreCopy;
using SignOffBot.Host.Verification;

namespace SignOffBot.Host.Commands;

/// <summary>
/// The commands of the <c>signoffbot</c> program. A first argument naming one runs it and exits; anything else
/// (no argument, <c>--config …</c>, <c>--urls …</c>) starts the host.
/// </summary>
public static class OperatorCommands
{
    /// <summary>Every command, in the order <c>signoffbot help</c> lists them.</summary>
    public static readonly IReadOnlyList<OperatorCommand> All =
    [
        new("help", ["signoffbot help"], "Lists these commands.", HelpCommand.Run),
        new("keys", [KeysCommand.Synopsis, KeysCommand.SigningSynopsis],
            "Makes an API key for a pipeline: prints the key once and its Api:Keys entry. new-signing: makes the ES256 key attestations and audit heads are signed with (Attestation:SigningKey) and prints its public JWK.",
            KeysCommand.Run),
        new("manifests", [ManifestsCommand.TeamsSynopsis, ManifestsCommand.SlackSynopsis],
            "Builds the Teams app package (manifest filled in, both icons) or prints the Slack app manifest for this host, validated against the publisher's schema.",
            ManifestsCommand.Run),
        new("check-config", [CheckConfigCommand.Synopsis],
            "Checks a configuration as the host does at start, without starting: every mistake named with its key (exit 1), else a one-line summary.",
            CheckConfigCommand.Run),
        new("backup", [BackupCommand.Synopsis],
            "Writes a consistent copy of the store: asks the running host (API key in SIGNOFFBOT_API_KEY, scope store:backup), else copies a stopped store; then verifies the copy.",
            BackupCommand.Run),
        new("restore", [RestoreCommand.Synopsis],
            "Puts a verified backup in place of the store while the host is stopped; keeps the replaced store beside it.",
            RestoreCommand.Run),
        new("store", [StoreCopyCommand.Synopsis],
            "Copies a stopped LiteDB store, whole, into an empty PostgreSQL database (the audit chain with its hashes as they are), then verifies the chain there.",
            StoreCopyCommand.Run),
        new("verify", [VerifyCommand.AttestationSynopsis, VerifyCommand.AuditSynopsis],
            "Checks offline, without a host or configuration: a deploy-check attestation (signature by a key of the set, subject, decision), "
            + "or an audit export (the hash chain, and that it extends a kept signed head). " + VerifyExit.Summary,
            VerifyCommand.Run),
    ];

    public static OperatorCommand? Find(string[] args) =>
        args.Length > 0 ? All.FirstOrDefault(command => command.Name == args[0]) : null;
}
