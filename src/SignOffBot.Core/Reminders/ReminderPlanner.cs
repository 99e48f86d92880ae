using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;

namespace SignOffBot.Core.Reminders;

/// <summary>
/// Who is chased, derived from stored state only, and when: a target's next reminder under the reminder settings in
/// force (read on every call, so a changed configuration applies at once) and the person's time zone in the directory.
/// </summary>
public sealed class ReminderPlanner(Func<ReminderSettings> settings, IGovernanceSource governance)
{
    public ReminderSettings Settings => settings();

    public DateTimeOffset? NextDue(ReminderTarget target, int sent) =>
        ReminderSchedule.NextDue(target, sent, Settings, ReminderSchedule.ZoneOf(target.Person, governance.Current));

    /// <summary>The targets with their first due time, as an action stores them.</summary>
    public IReadOnlyList<PlannedReminder> Plan(IReadOnlyList<ReminderTarget> targets) =>
        [.. targets.Select(t => new PlannedReminder(t, NextDue(t, 0)))];

    /// <summary>
    /// The open slots of an open sign-off. Feedback: each requested slot with no answer at all; its delegate when
    /// delegated (anchored at that delegation), otherwise every person of its assignees (group members except the
    /// item's owner), anchored at the request. Final: while the final approval is requested and undecided, its
    /// holders except the item's owner, anchored at the final delegation or the request. Slots with no known anchor are skipped.
    /// A reopened sign-off (revoked, re-certification asked) anchors nothing before its reopening.
    /// </summary>
    public static IReadOnlyList<ReminderTarget> TargetsOf(Item item, GovernanceModel governance)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(governance);

        var signOff = item.SignOff;
        if (!signOff.IsOpen)
        {
            return ExpiryOf(item, governance);
        }

        var key = item.Key.ToString();
        var targets = new List<ReminderTarget>();

        // A sign-off reopened (approval revoked, re-certification asked) chases its open slots from the reopening: their
        // earlier reminders ended with the approval, and anchored months back every reminder and the overdue notice would be due at once.
        var reopenedAt = signOff.History.LastOrDefault(c => c.Kind is SignOffChangeKind.Revoked or SignOffChangeKind.Recertified)?.At;
        DateTimeOffset From(DateTimeOffset anchor) => reopenedAt is { } at && at > anchor ? at : anchor;

        foreach (var slot in signOff.Feedback.Where(signOff.AwaitsAnswer))
        {
            if (slot.Delegate is { } holder)
            {
                if (LastDelegation(signOff, SlotNames.Normalize(slot.Category), holder) is { } at)
                {
                    // A slot asked again after its delegation is chased from the re-request.
                    var anchor = slot.RequestedAt is { } asked && asked > at ? asked : at;
                    targets.Add(new ReminderTarget(ReminderKind.Feedback, key, slot.Category, new(holder), From(anchor)));
                }

                continue;
            }

            if (slot.RequestedAt is not { } requestedAt)
            {
                continue;
            }

            foreach (var person in Persons(item, governance, slot.Assignees))
            {
                targets.Add(new ReminderTarget(ReminderKind.Feedback, key, slot.Category, new(person), From(requestedAt)));
            }
        }

        if (signOff.State == SignOffState.FinalApprovalRequested && signOff.Final.Decision is null)
        {
            if (signOff.Final.Delegate is { } holder)
            {
                if (!item.IsOwnedBy(holder) && LastDelegation(signOff, SlotNames.Final, holder) is { } at)
                {
                    targets.Add(new ReminderTarget(ReminderKind.Final, key, SlotNames.Final, new(holder), From(at)));
                }
            }
            else if (signOff.FinalRequestedAt is { } requestedAt)
            {
                foreach (var person in Persons(item, governance, signOff.Final.Assignees).Where(p => !item.IsOwnedBy(p)))
                {
                    targets.Add(new ReminderTarget(ReminderKind.Final, key, SlotNames.Final, new(person), requestedAt));
                }
            }
        }

        return targets;
    }

    /// <summary>An approved item whose approval expires under its policy: its expiry, chased for the item's owner.</summary>
    private static IReadOnlyList<ReminderTarget> ExpiryOf(Item item, GovernanceModel governance) =>
        item.ApprovalExpiresAt(governance) is { } expiresAt
            ? [new ReminderTarget(ReminderKind.ApprovalExpiry, item.Key.ToString(), SlotNames.Final, new(item.Owner), expiresAt)]
            : [];

    /// <summary>
    /// For a granted bypass: its open post-incident review (its owner, anchored at the grant), and its expiry (due once,
    /// at the moment it runs out, so its cards are redrawn and its requester told).
    /// </summary>
    public static IReadOnlyList<ReminderTarget> TargetsOf(Bypass bypass)
    {
        ArgumentNullException.ThrowIfNull(bypass);
        if (bypass.Status != BypassStatus.Granted || bypass.DecidedAt is not { } grantedAt)
        {
            return [];
        }

        var targets = new List<ReminderTarget>();
        if (bypass.Review is { IsOpen: true } review)
        {
            targets.Add(new ReminderTarget(ReminderKind.IncidentReview, bypass.Item.ToString(), bypass.Id, new(review.Owner), grantedAt));
        }

        if (bypass.ExpiresAt is { } expiresAt)
        {
            targets.Add(new ReminderTarget(ReminderKind.BypassExpiry, bypass.Item.ToString(), bypass.Id, new(bypass.RequestedBy), expiresAt));
        }

        return targets;
    }

    /// <summary>Every person of the assignees, without duplicates; the item's owner is left out of groups.</summary>
    private static IEnumerable<string> Persons(Item item, GovernanceModel governance, IEnumerable<Assignee> assignees) => assignees
        .SelectMany(a => a.IsGroup
            ? governance.PersonsOf(a).Where(p => !item.IsOwnedBy(p))
            : governance.PersonsOf(a))
        .Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>When the slot (normalized name) was last handed to <paramref name="holder"/>.</summary>
    private static DateTimeOffset? LastDelegation(SignOff signOff, string normalizedSlot, string holder) => signOff.Delegations
        .LastOrDefault(d => SlotNames.Normalize(d.Slot) == normalizedSlot && string.Equals(d.To, holder, StringComparison.OrdinalIgnoreCase))
        ?.At;
}

/// <summary>Someone to chase and when first (null: never, e.g. reminders are turned off).</summary>
public sealed record PlannedReminder(ReminderTarget Target, DateTimeOffset? FirstDue);
