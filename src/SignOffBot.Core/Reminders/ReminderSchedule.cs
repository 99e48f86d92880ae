using System.Collections.Concurrent;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;

namespace SignOffBot.Core.Reminders;

/// <summary>When reminders and the overdue escalation are due; pure functions of stored state and settings.</summary>
public static class ReminderSchedule
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// When reminder number <paramref name="sent"/>+1 is due for the target, in the person's zone:
    /// anchor + FirstAfter + sent × Every, moved forward into working hours. When <paramref name="sent"/> equals
    /// MaxCount it is when the escalation (overdue) is due, computed the same way; beyond that, null (done).
    /// </summary>
    public static DateTimeOffset? NextDue(ReminderTarget target, int sent, ReminderSettings settings, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfNegative(sent);

        if (target.Kind == ReminderKind.BypassExpiry)
        {
            // Due once, at the moment the bypass runs out, whatever the working hours.
            return sent == 0 ? target.Anchor : null;
        }

        if (target.Kind == ReminderKind.ApprovalExpiry)
        {
            // The anchor is the expiry: a notice before it (in working hours, never after it), then the expiry itself.
            var notice = WorkingHours.NextWorkingMoment(target.Anchor - settings.RecertifyNoticeBefore, zone, settings);
            if (settings.RecertifyNoticeBefore <= TimeSpan.Zero || notice >= target.Anchor)
            {
                return sent == 0 ? target.Anchor : null;
            }

            return sent switch
            {
                0 => notice,
                1 => target.Anchor,
                _ => null,
            };
        }

        var reminders = RemindersOf(target, settings, zone);
        if (sent > reminders)
        {
            return null;
        }

        if (IsIncidentReview(target) && sent == reminders)
        {
            // A post-incident review is due 48 hours after the grant: the overdue notice comes at that moment.
            return target.Anchor + DeployChecks.Bypass.ReviewDueAfter;
        }

        var nominal = target.Anchor + settings.FirstAfter + (settings.Every * sent);
        return WorkingHours.NextWorkingMoment(nominal, zone, settings);
    }

    /// <summary>True when the next thing due after <paramref name="sent"/> reminders is the escalation.</summary>
    public static bool IsEscalation(int sent, ReminderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return sent == settings.MaxCount;
    }

    /// <summary>
    /// True when the next thing due for <paramref name="target"/> after <paramref name="sent"/> reminders is the
    /// escalation: after MaxCount reminders, or, for a post-incident review, after the reminders that fall before its due time.
    /// </summary>
    public static bool IsEscalation(ReminderTarget target, int sent, ReminderSettings settings, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Kind != ReminderKind.BypassExpiry && target.Kind != ReminderKind.ApprovalExpiry && sent == RemindersOf(target, settings, zone);
    }

    /// <summary>How many reminders come before the escalation: MaxCount, or for a post-incident review those due before the 48 hours.</summary>
    private static int RemindersOf(ReminderTarget target, ReminderSettings settings, TimeZoneInfo zone)
    {
        if (!IsIncidentReview(target))
        {
            return settings.MaxCount;
        }

        var due = target.Anchor + DeployChecks.Bypass.ReviewDueAfter;
        var count = 0;
        while (count < settings.MaxCount
            && WorkingHours.NextWorkingMoment(target.Anchor + settings.FirstAfter + (settings.Every * count), zone, settings) < due)
        {
            count++;
        }

        return count;
    }

    private static bool IsIncidentReview(ReminderTarget target) => target.Kind == ReminderKind.IncidentReview;

    /// <summary>Who is told a slot is overdue: the project owners and every person of the final approver, without duplicates.</summary>
    public static IReadOnlyList<string> EscalationRecipients(Item item, GovernanceModel governance)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(governance);

        var owners = governance.FindProject(item.Key.Project)?.Owners ?? [];
        var approvers = item.SignOff.Final.Assignees.SelectMany(governance.PersonsOf);
        return owners.Concat(approvers).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The person's IANA time zone; UTC when the person or the zone is unknown.</summary>
    public static TimeZoneInfo ZoneOf(PersonId personId, GovernanceModel governance) => ZoneOf(personId.Value, governance);

    public static TimeZoneInfo ZoneOf(string personId, GovernanceModel governance)
    {
        ArgumentNullException.ThrowIfNull(governance);
        var id = governance.FindPerson(personId)?.TimeZone;
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Utc;
        }

        return Zones.GetOrAdd(id.Trim(), static zoneId =>
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                return TimeZoneInfo.Utc;
            }
        });
    }
}
