using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;

namespace SignOffBot.Core.DeployChecks;

/// <summary>
/// The answer to "may this item go to this infrastructure?", the same in chat and over HTTP. <see cref="Reason"/> has
/// its times in UTC (the API and the audit log carry it); <see cref="ReaderReason"/> is the same sentence with its
/// times marked for the chat reader (<see cref="Outcomes.ReaderTime"/>). <see cref="SignOff"/> is the sign-off the
/// answer was given for, as it stood then (every answer and decision with who and when).
/// </summary>
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
    DeployConfirmation? Confirmation)
{
    public string ReaderReason { get => field ?? Reason; init; }

    public SignOff? SignOff { get; init; }
}
