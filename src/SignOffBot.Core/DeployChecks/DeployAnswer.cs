using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;

namespace SignOffBot.Core.DeployChecks;

/// <summary>The answer to "may this item go to this infrastructure?", the same in chat and over HTTP.</summary>
public sealed record DeployAnswer(
    ItemKey Item,
    string Infrastructure,
    DeployDecision Decision,
    string Reason,
    SignOffState State,
    DeployPolicy Policy,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    Bypass? Bypass,
    DeployConfirmation? Confirmation);
