using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.DeployChecks;

/// <summary>The table of SPEC section 3: sign-off state × infrastructure policy, with an active bypass first.</summary>
public static class DeployGate
{
    public static DeployAnswer Evaluate(
        Item item, Infrastructure infrastructure, Bypass? activeBypass, DeployConfirmation? confirmation, GovernanceModel governance)
    {
        var signOff = item.SignOff;
        var state = signOff.State;
        var policy = infrastructure.Policy;
        var final = signOff.Final.Decision;
        var approvedBy = state == SignOffState.Approved ? final?.By : null;
        var approvedAt = state == SignOffState.Approved ? final?.At : null;
        var where = $"{infrastructure.Key} (policy {WireNames.Of(policy)})";

        DeployAnswer Answer(DeployDecision decision, string reason, Bypass? bypass = null, DeployConfirmation? confirmed = null) =>
            new(item.Key, infrastructure.Key, decision, reason, state, policy, approvedBy, approvedAt, bypass, confirmed);

        if (activeBypass is not null)
        {
            return Answer(
                DeployDecision.Allowed,
                $"Allowed on {where} by the emergency bypass for incident {activeBypass.Incident}, granted by {governance.DisplayName(activeBypass.DecidedBy!)}, valid until {Time.Format(activeBypass.ExpiresAt!.Value)}; the sign-off itself is {WireNames.Of(state)}.",
                activeBypass);
        }

        if (state == SignOffState.Approved)
        {
            return Answer(
                DeployDecision.Allowed,
                $"{item.Key} was approved by {governance.DisplayName(final!.By)} on {Time.Format(final.At)}; {where} accepts approved items.");
        }

        if (policy == DeployPolicy.Always)
        {
            return Answer(
                DeployDecision.Allowed,
                $"{where} accepts any sign-off state; {item.Key} is {WireNames.Of(state)} and this check is recorded.");
        }

        if (signOff.IsLocked)
        {
            return Answer(
                DeployDecision.Blocked,
                $"The sign-off of {item.Key} was {WireNames.Of(state)} by {governance.DisplayName(final!.By)} on {Time.Format(final.At)} (\"{final.Comment}\") and is locked; {where} refuses it. Register a new version for a new sign-off.");
        }

        var needed = $"Still needed: {StillNeeded(item, governance)}.";
        if (policy == DeployPolicy.Prevent)
        {
            return Answer(
                DeployDecision.Blocked,
                $"{item.Key} is {WireNames.Of(state)}, not approved; {where} accepts approved items only. {needed}");
        }

        var reason = confirmation is null
            ? $"{item.Key} is {WireNames.Of(state)}, not approved; {where} needs an explicit confirmation, which is recorded with who confirmed. {needed}"
            : $"{item.Key} is {WireNames.Of(state)}, not approved; {where} deployment was confirmed by {governance.DisplayName(confirmation.By)} on {Time.Format(confirmation.At)} (\"{confirmation.Reason}\"). {needed}";
        return Answer(DeployDecision.Warning, reason, confirmed: confirmation);
    }

    private static string StillNeeded(Item item, GovernanceModel governance)
    {
        var signOff = item.SignOff;
        var approver = signOff.Final.Delegate is { } holder
            ? governance.DisplayName(holder)
            : string.Join(" or ", signOff.Final.Assignees.Select(governance.Describe));
        var finalPart = signOff.State == SignOffState.FinalApprovalRequested
            ? $"the final approval by {approver}, which is requested"
            : $"the final approval by {approver}, not yet requested";
        var unanswered = signOff.Feedback.Where(s => s.Requested && s.Answers.Count == 0).Select(s => s.Category).ToList();
        return unanswered.Count == 0 ? finalPart : $"feedback on {string.Join(", ", unanswered)}; {finalPart}";
    }
}
