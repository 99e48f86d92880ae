using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Reminders;

/// <summary>
/// Sends the reminders that are due: each in one transaction that queues the notice in the outbox and moves the
/// target to its next due time, so a crash or restart neither loses nor repeats one.
/// </summary>
public sealed partial class ReminderScanner(
    IUnitOfWork unitOfWork,
    IReminderStore reminders,
    ReminderPlanner planner,
    IGovernanceSource governance,
    Health.BackgroundFailures failures,
    TimeProvider time,
    ILogger<ReminderScanner> log)
{
    public const int Batch = 1000;

    /// <summary>
    /// Sends every due reminder and escalation; returns how many targets were handled. A reminder whose transaction
    /// fails stays due as it was (nothing queued, nothing moved) and is tried again at the next scan.
    /// </summary>
    public int RunDue()
    {
        var handled = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            var due = reminders.DueReminders(now, Batch);
            var failed = 0;
            foreach (var reminder in due)
            {
                var target = reminder.Target;
                try
                {
                    handled += unitOfWork.Transact(session => Send(session, reminder.Id, now));
                }
                catch (Exception e)
                {
                    failed++;
                    failures.Record("reminders", $"{target.Kind} {target.Item} {target.Slot} for {target.Person}", e);
                    LogFailed(e, target.Kind.Name, target.Item, target.Slot, target.Person.Value);
                }
            }

            // A failed one is still due: reading again now would find it again, so it waits for the next scan.
            if (due.Count < Batch || failed > 0)
            {
                return handled;
            }
        }
    }

    /// <summary>Recomputes every target's next due time (after a change of the reminder settings or of time zones).</summary>
    public int RescheduleAll() => unitOfWork.Transact(session =>
    {
        var count = 0;
        foreach (var reminder in session.AllReminders())
        {
            var next = planner.NextDue(reminder.Target, reminder.Sent);
            if (next != reminder.NextDue)
            {
                session.SaveReminder(reminder with { NextDue = next });
                count++;
            }
        }

        return count;
    });

    private int Send(IStoreSession session, string id, DateTimeOffset now)
    {
        if (session.FindReminder(id) is not { NextDue: { } dueAt } reminder || dueAt > now)
        {
            return 0;
        }

        var settings = planner.Settings;
        var target = reminder.Target;
        var notices = target.Kind == ReminderKind.BypassExpiry ? Expired(session, target)
            : target.Kind == ReminderKind.ApprovalExpiry ? ApprovalExpiry(session, target, reminder.Sent)
            : ReminderSchedule.IsEscalation(target, reminder.Sent, settings, ReminderSchedule.ZoneOf(target.Person, governance.Current))
            ? Escalation(session, target)
            : [new ReminderNotice(target.Person, target.Kind, target.Item, target.Slot, reminder.Sent + 1, settings.MaxCount)];
        var sent = reminder.Sent + 1;
        session.SaveReminder(reminder with { Sent = sent, NextDue = planner.NextDue(target, sent) });
        if (notices.Count > 0)
        {
            session.EnqueueNotices(notices, now);
        }

        LogSent(target.Kind.Name, target.Item, target.Slot, target.Person.Value, sent);
        return 1;
    }

    private IReadOnlyList<Notice> Expired(IStoreSession session, ReminderTarget target) =>
        session.FindBypass(target.Slot) is { } bypass && session.FindItem(bypass.Item) is { } item
            ? NoticePlanner.BypassExpired(bypass, item, governance.Current)
            : [];

    // Before the expiry (when a notice is planned) the owners are told it is coming; at the expiry, that it happened.
    private IReadOnlyList<Notice> ApprovalExpiry(IStoreSession session, ReminderTarget target, int sent)
    {
        if (!ItemKey.TryParse(target.Item, out var key) || session.FindItem(key) is not { } item
            || item.ApprovalExpiresAt(governance.Current) is not { } expiresAt)
        {
            return [];
        }

        return sent == 0 && planner.NextDue(target, 0) < target.Anchor
            ? NoticePlanner.ApprovalExpiresSoon(item, expiresAt, governance.Current)
            : NoticePlanner.ApprovalExpired(item, expiresAt, governance.Current);
    }

    private List<Notice> Escalation(IStoreSession session, ReminderTarget target)
    {
        var directory = governance.Current;
        if (!ItemKey.TryParse(target.Item, out var key) || session.FindItem(key) is not { } item)
        {
            return [];
        }

        // An overdue post-incident review goes to the project owners and its on-call approvers.
        var recipients = target.Kind == ReminderKind.IncidentReview
            ? [.. (directory.FindProject(key.Project) is { } project ? project.Owners.Concat(project.OnCallApprovers.SelectMany(directory.PersonsOf)) : []).Distinct(StringComparer.OrdinalIgnoreCase)]
            : ReminderSchedule.EscalationRecipients(item, directory);
        return recipients.Select(p => (Notice)new OverdueNotice(new PersonId(p), target.Kind, target.Item, target.Slot, target.Person)).ToList();
    }

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Reminder ({Kind}) for {Item} {Slot} to {Person} failed; it stays due for the next scan")]
    private partial void LogFailed(Exception error, string kind, string item, string slot, string person);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Reminder {Number} ({Kind}) for {Item} {Slot} queued for {Person}")]
    private partial void LogSent(string kind, string item, string slot, string person, int number);
}
