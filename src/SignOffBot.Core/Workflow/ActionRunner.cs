using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;

namespace SignOffBot.Core.Workflow;

/// <summary>
/// Runs one domain action in one store transaction: answers a repeated delivery with its earlier result,
/// appends one audit event per domain event, queues the notices it causes, and remembers the delivery id with the result.
/// An <see cref="IActionObserver"/>, when there is one, is told each action's start and what it committed.
/// </summary>
public sealed class ActionRunner(IUnitOfWork unitOfWork, TimeProvider time, IGovernanceSource governance, ReminderPlanner? reminders = null, IActionObserver? observer = null)
{
    public delegate (Outcome Outcome, T? Value) Action<T>(IStoreSession session, DateTimeOffset now);

    public ActionResult<T> Run<T>(ActionContext context, Action<T> action, Func<IStoreSession, T?> current) =>
        RunAudited(context, action, current).Result;

    /// <summary>As <see cref="Run{T}"/>, with the audit events the action appended, as committed (none unless applied).</summary>
    public AuditedResult<T> RunAudited<T>(ActionContext context, Action<T> action, Func<IStoreSession, T?> current)
    {
        using var observation = observer?.Begin(context);
        var audited = Transact(context, action, current);
        observation?.Committed(audited.Result);
        return audited;
    }

    /// <summary>
    /// Reads in a unit of work of its own, so what it reads is consistent as of one moment: nothing is recorded, no
    /// observer is told (for looks that are not actions, such as a held deploy-check's looks between its checks).
    /// </summary>
    public T Read<T>(Func<IStoreSession, DateTimeOffset, T> read) =>
        unitOfWork.Transact(session => read(session, Time.Truncate(time.GetUtcNow())));

    private AuditedResult<T> Transact<T>(ActionContext context, Action<T> action, Func<IStoreSession, T?> current)
    {
        return unitOfWork.Transact(session =>
        {
            var now = Time.Truncate(time.GetUtcNow());
            if (context.DeliveryId is { } seen && session.FindDelivery(seen) is { } earlier)
            {
                return new AuditedResult<T>(new ActionResult<T>(earlier.ToOutcome(), current(session), Repeated: true), []);
            }

            // Made anew on each run: a unit of work may be run again when its batch is rolled back.
            var appended = new List<AuditEvent>();
            var (outcome, value) = action(session, now);
            if (outcome is Outcome.Applied applied)
            {
                foreach (var domainEvent in applied.Events)
                {
                    appended.Add(Append(session, context, domainEvent, now));
                    if (domainEvent.Action == AuditActions.DeployCheck)
                    {
                        // A deploy-check only records an observation: nothing to tell anyone, no one to chase anew.
                        continue;
                    }

                    // The action's own item or bypass is the one it just wrote: no need to read it back.
                    var item = value is Item acted && acted.Key.ToString() == domainEvent.Item ? acted
                        : domainEvent.Item is not null && ItemKey.TryParse(domainEvent.Item, out var key) ? session.FindItem(key) : null;
                    var bypass = domainEvent.Action is AuditActions.BypassGranted or AuditActions.BypassDenied && domainEvent.Reference is { } bypassId
                        ? value is Bypass decided && decided.Id == bypassId ? decided : session.FindBypass(bypassId)
                        : null;
                    var notices = NoticePlanner.Plan(domainEvent, item, governance.Current, context.Actor, bypass);
                    if (notices.Count > 0)
                    {
                        session.EnqueueNotices(notices, now);
                    }

                    Rechase(session, item, domainEvent.Reference);
                }
            }

            if (context.DeliveryId is { } deliveryId)
            {
                session.SaveDelivery(DeliveryRecord.Of(deliveryId, outcome, now));
            }

            return new AuditedResult<T>(new ActionResult<T>(outcome, value), appended);
        });
    }

    // Who is chased follows from the state just written: answered, delegated and ended slots drop out at once.
    private void Rechase(IStoreSession session, Item? item, string? bypassId)
    {
        if (item is not null)
        {
            session.ReplaceReminderTargets(item.Key.ToString(), Planned(ReminderPlanner.TargetsOf(item, governance.Current)));
        }

        if (bypassId is not null && session.FindBypass(bypassId) is { } bypass)
        {
            session.ReplaceReminderTargets($"bypass:{bypass.Id}", Planned(ReminderPlanner.TargetsOf(bypass)));
        }
    }

    // Without a planner (tests of the workflow alone) targets are stored without a due time.
    private IReadOnlyList<PlannedReminder> Planned(IReadOnlyList<ReminderTarget> targets) =>
        reminders?.Plan(targets) ?? [.. targets.Select(t => new PlannedReminder(t, null))];

    private static AuditEvent Append(IStoreSession session, ActionContext context, DomainEvent e, DateTimeOffset now)
    {
        var draft = new AuditEvent(0, now, context.Actor, context.Platform, e.Action, e.Item, e.Slot, e.Answer, e.Comment,
            context.Source, context.DeliveryId, string.Empty, string.Empty);
        var linked = AuditChain.Link(session.LastAuditEvent(), draft);
        session.AppendAuditEvent(linked);
        return linked;
    }
}
