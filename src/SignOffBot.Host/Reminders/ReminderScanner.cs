using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Reminders;
using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Reminders;

/// <summary>
/// Sends the reminders that are due: each in one transaction that queues the notice in the outbox and moves the
/// target to its next due time, so a crash or restart neither loses nor repeats one.
/// </summary>
public sealed partial class ReminderScanner(
    LiteDbSignOffStore store,
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
            var due = store.DueReminders(now.UtcDateTime, Batch);
            var failed = 0;
            foreach (var doc in due)
            {
                try
                {
                    handled += store.Write(session => Send(session, doc.Id, now));
                }
                catch (Exception e)
                {
                    failed++;
                    failures.Record("reminders", $"{doc.Kind} {doc.Item} {doc.Slot} for {doc.Person}", e);
                    LogFailed(e, doc.Kind, doc.Item, doc.Slot, doc.Person);
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
    public int RescheduleAll() => store.Write(local =>
    {
        var count = 0;
        foreach (var doc in local.AllReminders())
        {
            var next = planner.NextDue(doc.ToTarget(), doc.Sent)?.UtcDateTime;
            if (next != doc.NextDueAt)
            {
                doc.NextDueAt = next;
                local.SaveReminder(doc);
                count++;
            }
        }

        return count;
    });

    private int Send(LiteDbStoreSession session, string id, DateTimeOffset now)
    {
        var doc = session.FindReminder(id);
        if (doc?.NextDueAt is not { } dueAt || dueAt > now.UtcDateTime)
        {
            return 0;
        }

        var settings = planner.Settings;
        var target = doc.ToTarget();
        var notices = doc.Kind == ReminderTargets.BypassExpiryKind ? Expired(session, doc) : ReminderSchedule.IsEscalation(target, doc.Sent, settings, ReminderSchedule.ZoneOf(doc.Person, governance.Current))
            ? Escalation(session, doc)
            : [new ReminderNotice(doc.Person, doc.Kind, doc.Item, doc.Slot, doc.Sent + 1, settings.MaxCount)];
        doc.Sent++;
        doc.NextDueAt = planner.NextDue(doc.ToTarget(), doc.Sent)?.UtcDateTime;
        session.SaveReminder(doc);
        if (notices.Count > 0)
        {
            session.EnqueueNotices(notices, now);
        }

        LogSent(doc.Kind, doc.Item, doc.Slot, doc.Person, doc.Sent);
        return 1;
    }

    private IReadOnlyList<Notice> Expired(LiteDbStoreSession session, ReminderDocument doc) =>
        session.FindBypass(doc.Slot) is { } bypass && session.FindItem(bypass.Item) is { } item
            ? NoticePlanner.BypassExpired(bypass, item, governance.Current)
            : [];

    private List<Notice> Escalation(LiteDbStoreSession session, ReminderDocument doc)
    {
        var directory = governance.Current;
        if (!ItemKey.TryParse(doc.Item, out var key) || session.FindItem(key) is not { } item)
        {
            return [];
        }

        // An overdue post-incident review goes to the project owners and its on-call approvers.
        var recipients = doc.Kind == ReminderKinds.IncidentReview
            ? [.. (directory.FindProject(key.Project) is { } project ? project.Owners.Concat(project.OnCallApprovers.SelectMany(directory.PersonsOf)) : []).Distinct(StringComparer.OrdinalIgnoreCase)]
            : ReminderSchedule.EscalationRecipients(item, directory);
        return recipients.Select(p => (Notice)new OverdueNotice(p, doc.Kind, doc.Item, doc.Slot, doc.Person)).ToList();
    }

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Reminder ({Kind}) for {Item} {Slot} to {Person} failed; it stays due for the next scan")]
    private partial void LogFailed(Exception error, string kind, string item, string slot, string person);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Reminder {Number} ({Kind}) for {Item} {Slot} queued for {Person}")]
    private partial void LogSent(string kind, string item, string slot, string person, int number);
}
