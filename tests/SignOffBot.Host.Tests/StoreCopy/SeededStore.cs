using LiteDB;
using Microsoft.Extensions.Time.Testing;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Chat;
using SignOffBot.Host.Health;
using SignOffBot.Host.Playground;
using SignOffBot.Host.Reminders;
using SignOffBot.Host.Slack;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Teams.Conversations;
using SignOffBot.Host.Tests.Storage;

namespace SignOffBot.Host.Tests.StoreCopy;

/// <summary>
/// A LiteDB store file filled through the host's own domain services and store ports (the sample governance, fake
/// time), with items in every state: registered, feedback requested and answered, final approval requested, approved,
/// rejected, abandoned, a warning confirmed, bypasses granted, denied and reviewed, a major issue open, an approval
/// revoked and its final slot delegated. Actions carry platform delivery ids (kept for dedupe); reminder targets
/// follow; notices are queued as the actions cause them. Then some notices are planned into deliveries left in every
/// state, and every set of the adapters' records gets records. Many actions share one LiteDB transaction
/// (<see cref="OneSession"/>), so 10,000 items take seconds.
/// </summary>
internal static class SeededStore
{
    /// <summary>The seeding starts here and moves on 20 ms an action; the test hosts run at 09:00 that day.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);

    /// <summary>The stories an item can have; item <c>n</c> has story <c>n % Stories</c>.</summary>
    public const int Stories = 10;

    public const string OnCall = "oncall@example.com";

    private const int ItemsPerTransaction = 250;

    /// <summary>Who does what in each project of the sample governance.</summary>
    private static readonly Cast[] Casts =
    [
        new("fraud-detection", "ana@example.com", "IT & Operations", "ops@example.com", "ben@example.com", "chen@example.com"),
        new("credit-scoring", "rita@example.com", "Risk & Compliance", "chen@example.com", "ben@example.com", "chen@example.com"),
        new("recommendations", "lee@example.com", "IT & Operations", "ops@example.com", "ana@example.com", null),
    ];

    public static string KeyOf(int n) => $"{Casts[n / Stories % Casts.Length].Project}/model-{n}@{1 + (n % 3)}";

    /// <summary>Fills a new store file at <paramref name="path"/> with <paramref name="items"/> items and closes it.</summary>
    public static void Build(string path, int items)
    {
        var governance = StoreFixture.SampleGovernanceModel();
        var settings = new ReminderOptions().ToSettings();
        var planner = new ReminderPlanner(() => settings, governance);
        var time = new FakeTimeProvider(Start);
        using var storage = LiteDbStorage.Open(path);
        for (var first = 0; first < items; first += ItemsPerTransaction)
        {
            var batch = Enumerable.Range(first, Math.Min(ItemsPerTransaction, items - first));
            storage.UnitOfWork.Write(session =>
            {
                var runner = new ActionRunner(new OneSession(session), time, governance, planner);
                var story = new Story(new SignOffService(governance, storage.SignOffs, runner), new DeployService(governance, runner, time), time);
                foreach (var n in batch)
                {
                    story.Tell(n);
                }

                return 0;
            });
        }

        PlanDeliveriesInEveryState(storage, time);
        AddPlatformRecords(storage, time);
    }

    /// <summary>
    /// The first notices planned into deliveries (a Slack and a Teams target each), left waiting, unreachable, dead and
    /// sent; the last ones left waiting for a host to plan; the others planned as a host with no platform on plans them
    /// (no deliveries), so a host starting on the file does not spend minutes planning the seeding's notices.
    /// </summary>
    private static void PlanDeliveriesInEveryState(LiteDbStorage storage, FakeTimeProvider time)
    {
        const int LeftWaiting = 100;
        var now = time.GetUtcNow().UtcDateTime;
        var lastNotice = storage.ReadAll<OutboxMessage>(LiteDbSetup.Outbox).Max(m => m.Id);
        var plans = storage.Outbox.UnplannedNotices(200)
            .Select(n => new NoticePlan(n, "status-line", null, [("slack", "C0RELEASE"), ("teams", $"channel:19:release-{n.Id}@thread.tacv2")]))
            .ToList();
        var deliveries = storage.Outbox.PlanDeliveries(plans, now).SelectMany(d => d).ToList();
        string[] states = [OutboxStatus.Waiting, OutboxStatus.Unreachable, OutboxStatus.Dead, OutboxStatus.Sent];
        for (var i = 0; i < deliveries.Count; i++)
        {
            var delivery = deliveries[i];
            delivery.Status = states[i % states.Length];
            delivery.Attempts = i % 9;
            delivery.LastError = delivery.Status == OutboxStatus.Sent ? null : $"channel_not_found ({i})";
            delivery.NextAttemptAt = now.AddMinutes(i % 7);
        }

        storage.Outbox.Save(deliveries);
        var plannedWithoutDeliveries = storage.Outbox.UnplannedNotices(int.MaxValue).Where(n => n.Id <= lastNotice - LeftWaiting).ToList();
        plannedWithoutDeliveries.ForEach(n => n.Status = OutboxStatus.Planned);
        storage.Outbox.Save(plannedWithoutDeliveries);
    }

    private static void AddPlatformRecords(LiteDbStorage storage, FakeTimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        storage.UnitOfWork.Write(session =>
        {
            for (var i = 0; i < 40; i++)
            {
                var item = KeyOf(i);
                session.Collection<TeamsReferenceDocument>(TeamsConversations.ReferencesSet).Insert(new TeamsReferenceDocument
                {
                    Id = $"user:29:user-{i}", ServiceUrl = "https://smba.trafficmanager.net/emea/", ConversationId = $"a:conversation-{i}",
                    TenantId = "00000000-0000-0000-0000-0000000000aa", UserId = $"29:user-{i}", AadObjectId = $"00000000-0000-0000-0000-{i:D12}",
                    PersonId = i % 2 == 0 ? "ana@example.com" : null, UpdatedAt = now,
                });
                session.Collection<TeamsCardCopyDocument>(TeamsConversations.CardCopiesSet).Insert(new TeamsCardCopyDocument
                {
                    Item = item, ServiceUrl = "https://smba.trafficmanager.net/emea/", ConversationId = $"a:conversation-{i}", ActivityId = $"1:activity-{i}",
                    Viewer = i % 3 == 0 ? null : "ben@example.com",
                });
                session.Collection<SlackPersonDocument>(SlackPeople.FoundSet).Insert(new SlackPersonDocument { Id = $"U0FOUND{i}", PersonId = "dev@example.com", FoundAt = now });
                session.Collection<SlackCardCopyDocument>(SlackCardCopies.SetName).Insert(new SlackCardCopyDocument
                {
                    Item = item, Channel = i % 2 == 0 ? "C0RELEASE" : "D0BEN", Ts = $"1700000000.{i:D6}", Viewer = i % 2 == 0 ? null : "ben@example.com",
                });
                session.Collection<ReleaseThreadDocument>(ReleaseThreads.SetName).Insert(new ReleaseThreadDocument { Id = $"slack C0RELEASE {item}", Root = $"1700000001.{i:D6}" });
                session.Collection<ChatFileDocument>(ChatFiles.SetName).Insert(new ChatFileDocument
                {
                    Id = $"file{i:D4}", Person = "ana@example.com", Name = $"churn-{i}.attestation.json", Content = [(byte)i, 0, 255],
                    HeldAt = now, ExpiresAt = now + ChatFiles.Lifetime, Uploaded = i % 2 == 0,
                });
                session.Collection<PlaygroundMessageDocument>(PlaygroundTimeline.Collection).Insert(new PlaygroundMessageDocument
                {
                    Conversation = PlaygroundTimeline.Direct("ana@example.com"), At = now, From = i % 2 == 0 ? "ana@example.com" : "", Text = $"status {item}",
                    Item = i % 2 == 0 ? null : item, Viewer = i % 2 == 0 ? null : "ana@example.com",
                });
            }

            session.Collection<HealthProbe>(StoreWriteCheck.ProbeSet).Upsert(new HealthProbe { WrittenAt = now });
            return 0;
        });
    }

    private sealed record Cast(string Project, string Owner, string Category, string Reviewer, string Final, string? FinalDelegate);

    /// <summary>Runs every unit of work in the one session it was made with: a batch of actions in one transaction.</summary>
    private sealed class OneSession(IStoreSession session) : IUnitOfWork
    {
        public T Transact<T>(Func<IStoreSession, T> work) => work(session);
    }

    /// <summary>What happens to item <c>n</c>, action by action; each must be applied.</summary>
    private sealed class Story(SignOffService signOffs, DeployService deploys, FakeTimeProvider time)
    {
        public void Tell(int n)
        {
            var cast = Casts[n / Stories % Casts.Length];
            var key = ItemKey.TryParse(KeyOf(n), out var parsed) ? parsed : throw new InvalidOperationException(KeyOf(n));
            var story = n % Stories;
            var risk = story switch { 0 => RiskLevel.High, 8 => RiskLevel.Medium, _ => RiskLevel.Low };
            var evidence = new Evidence($"https://wiki.example.com/{key}/card", $"https://wiki.example.com/{key}/validation",
                $"https://wiki.example.com/{key}/rollback", $"CHG-{n}");
            Do(signOffs.Register(new RegisterItem(key, ItemKind.Model, risk, evidence), As(cast.Owner, "http")));
            switch (story)
            {
                case 0:
                    break;
                case 1:
                    Do(signOffs.RequestFeedback(key, [cast.Category], As(cast.Owner, "slack", $"slack:request-{n}")));
                    break;
                case 2:
                    Do(signOffs.RequestFeedback(key, [cast.Category], As(cast.Owner, "http")));
                    Do(signOffs.SubmitFeedback(key, cast.Category, FeedbackAnswerKind.Approve, null, As(cast.Reviewer, "teams", $"teams:answer-{n}")));
                    Do(signOffs.RequestFinal(key, As(cast.Owner, "http")));
                    break;
                case 3:
                    Do(signOffs.RequestFinal(key, As(cast.Owner, "http")));
                    Do(signOffs.Decide(key, FinalDecisionKind.Approve, "ship it", As(cast.Final, "slack", $"slack:decide-{n}")));
                    break;
                case 4:
                    Do(signOffs.RequestFeedback(key, [cast.Category], As(cast.Owner, "http")));
                    Do(signOffs.SubmitFeedback(key, cast.Category, FeedbackAnswerKind.MinorIssue, "the dashboard is missing", As(cast.Reviewer, "slack", $"slack:answer-{n}")));
                    Do(signOffs.RequestFinal(key, As(cast.Owner, "http")));
                    Do(signOffs.Decide(key, FinalDecisionKind.Reject, "not with this drift", As(cast.Final, "teams", $"teams:decide-{n}")));
                    break;
                case 5:
                    Do(signOffs.RequestFeedback(key, [cast.Category], As(cast.Owner, "http")));
                    Do(signOffs.RequestFinal(key, As(cast.Owner, "http")));
                    Do(signOffs.Decide(key, FinalDecisionKind.Abandon, "superseded by the next version", As(cast.Final, "slack")));
                    break;
                case 6:
                    Do(signOffs.RequestFeedback(key, [cast.Category], As(cast.Owner, "http")));
                    Do(deploys.Confirm(key, "staging-api", "load test", As(cast.Owner, "http")));
                    break;
                case 7:
                    Do(signOffs.RequestFeedback(key, [cast.Category], As(cast.Owner, "http")));
                    var bypass = Do(deploys.RequestBypass(key, "prod-api", $"INC-{n}", 1 + (n / Stories % 6), As(cast.Owner, "slack", $"slack:bypass-{n}")));
                    Do(deploys.DecideBypass(bypass.Id, grant: n % 40 != 27, As(OnCall, "slack", $"slack:grant-{n}")));
                    if (n % 40 == 17)
                    {
                        Do(deploys.CloseIncidentReview(key, "prod-api", $"https://wiki.example.com/incidents/INC-{n}", As(cast.Owner, "http")));
                    }

                    break;
                case 8:
                    Do(signOffs.RequestFeedback(key, [cast.Category], As(cast.Owner, "http")));
                    Do(signOffs.SubmitFeedback(key, cast.Category, FeedbackAnswerKind.MajorIssue, "no drift report", As(cast.Reviewer, "teams")));
                    Do(signOffs.RequestFinal(key, As(cast.Owner, "http")));
                    break;
                default:
                    Do(signOffs.RequestFinal(key, As(cast.Owner, "http")));
                    Do(signOffs.Decide(key, FinalDecisionKind.Approve, null, As(cast.Final, "teams")));
                    Do(signOffs.Revoke(key, "the validation data leaked into training", As(cast.Final, "slack")));
                    if (cast.FinalDelegate is { } to)
                    {
                        Do(signOffs.Delegate(key, "final", to, As(cast.Final, "slack")));
                    }

                    break;
            }
        }

        private static ActionContext As(string person, string platform, string? deliveryId = null) => new(person, platform, platform, deliveryId);

        private T Do<T>(ActionResult<T> result)
        {
            if (!result.Outcome.IsApplied)
            {
                throw new InvalidOperationException($"seeding: {result.Outcome.Message}");
            }

            time.Advance(TimeSpan.FromMilliseconds(20));
            return result.Value!;
        }
    }
}
