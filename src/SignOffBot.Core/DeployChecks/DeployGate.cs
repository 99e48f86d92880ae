using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.DeployChecks;

/// <summary>The table of SPEC section 3: sign-off state × infrastructure policy, with an active bypass first.</summary>
public static class DeployGate
{
    public static DeployAnswer Evaluate(
        Item item, Infrastructure infrastructure, Bypass? activeBypass, DeployConfirmation? confirmation, GovernanceModel governance,
        DateTimeOffset? now = null)
    {
        var signOff = item.SignOff;
        var state = signOff.State;
        var policy = infrastructure.Policy;
        var final = signOff.Final.Decision;

        // An expired approval counts as none: the item is answered for as unapproved, naming the expiry.
        var expiredOn = now is { } at && item.ApprovalExpired(governance, at) ? item.ApprovalExpiresAt(governance) : null;
        var approved = state == SignOffState.Approved && expiredOn is null;
        var status = expiredOn is null ? WireNames.Of(state) : "approved, but the approval expired";
        var approvedBy = approved ? final?.By : null;
        var approvedAt = approved ? final?.At : null;
        var where = $"{infrastructure.Key} (policy {WireNames.Of(policy)})";

        DeployAnswer Answer(DeployDecision decision, string reason, Bypass? bypass = null, DeployConfirmation? confirmed = null) =>
            new(item.Key, infrastructure.Key, decision, ReaderTime.InUtc(reason), state, policy, approvedBy, approvedAt, bypass, confirmed)
            {
                ReaderReason = reason,
                SignOff = signOff,
            };

        if (activeBypass is not null)
        {
            return Answer(
                DeployDecision.Allowed,
                $"Allowed on {where} by the emergency bypass for incident {activeBypass.Incident}, granted by {governance.DisplayName(activeBypass.DecidedBy!)}, valid until {ReaderTime.Mark(activeBypass.ExpiresAt!.Value)}; the sign-off itself is {WireNames.Of(state)}.",
                activeBypass);
        }

        if (approved)
        {
            return Answer(
                DeployDecision.Allowed,
                $"{item.Key} was approved by {governance.DisplayName(final!.By)} on {ReaderTime.Mark(final.At)}; {where} accepts approved items.");
        }

        if (policy == DeployPolicy.Always)
        {
            return Answer(
                DeployDecision.Allowed,
                $"{where} accepts any sign-off state; {item.Key} is {status} and this check is recorded.");
        }

        if (signOff.IsLocked)
        {
            return Answer(
                DeployDecision.Blocked,
                $"The sign-off of {item.Key} was {WireNames.Of(state)} by {governance.DisplayName(final!.By)} on {ReaderTime.Mark(final.At)} (\"{final.Comment}\") and is locked; {where} refuses it. Register a new version for a new sign-off.");
        }

        var needed = expiredOn is { } expired
            ? $"The approval by {governance.DisplayName(final!.By)} expired on {ReaderTime.Mark(expired)}: `recertify {item.Key}` asks for a new one."
            : $"{Revocation(item, governance)}Still needed: {StillNeeded(item, governance)}.";
        if (policy == DeployPolicy.Prevent)
        {
            return Answer(
                DeployDecision.Blocked,
                $"{item.Key} is {status}, not approved; {where} accepts approved items only. {needed}");
        }

        var reason = confirmation is null
            ? $"{item.Key} is {status}, not approved; {where} needs an explicit confirmation, recorded with who confirmed: `confirm {item.Key} {infrastructure.Key} --reason …` in chat or POST /api/v1/deploy-check/confirm. {needed}"
            : $"{item.Key} is {status}, not approved; {where} deployment was confirmed by {governance.DisplayName(confirmation.By)} on {ReaderTime.Mark(confirmation.At)} (\"{confirmation.Reason}\"). {needed}";
        return Answer(DeployDecision.Warning, reason, confirmed: confirmation);
    }

    private static string Revocation(Item item, GovernanceModel governance) =>
        item.SignOff.State == SignOffState.FinalApprovalRequested
        && item.SignOff.History.LastOrDefault(c => c.Kind is SignOffChangeKind.Revoked or SignOffChangeKind.Recertified) is { } change
        && change.At >= (item.SignOff.FinalRequestedAt ?? change.At)
            ? change.Kind == SignOffChangeKind.Revoked
                ? $"The approval by {governance.DisplayName(change.EndedDecision?.By ?? "?")} was revoked by {governance.DisplayName(change.By)} on {ReaderTime.Mark(change.At)} (\"{change.Reason}\"). "
                : $"The approval by {governance.DisplayName(change.EndedDecision?.By ?? "?")} expired and re-certification was requested on {ReaderTime.Mark(change.At)}. "
            : string.Empty;

    /// <summary>What an unapproved open sign-off still waits for: unanswered feedback, then the final approval.</summary>
    public static string StillNeeded(Item item, GovernanceModel governance)
    {
        var signOff = item.SignOff;
        var approver = signOff.Final.Delegate is { } holder
            ? governance.DisplayName(holder)
            : string.Join(" or ", signOff.Final.Assignees.Select(governance.Describe));
        var finalPart = signOff.State == SignOffState.FinalApprovalRequested
            ? $"the final approval by {approver}, which is requested"
            : $"the final approval by {approver}, not yet requested";
        var unanswered = signOff.Feedback.Where(signOff.AwaitsAnswer).Select(s => s.Category).ToList();
        return unanswered.Count == 0 ? finalPart : $"feedback on {string.Join(", ", unanswered)}; {finalPart}";
    }
}
