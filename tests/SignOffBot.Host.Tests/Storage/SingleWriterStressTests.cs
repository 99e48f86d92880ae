using SignOffBot.Core.Reminders;
using SignOffBot.Core.Governance;
using SignOffBot.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Health;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Playground;
using SignOffBot.Host.Reminders;
using SignOffBot.Host.Slack;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Teams.Conversations;
using SignOffBot.Host.Tests.Infrastructure;
using Xunit.Abstractions;
using ChannelAccount = SignOffBot.Host.Teams.Payloads.ChannelAccount;
using ConversationAccount = SignOffBot.Host.Teams.Payloads.ConversationAccount;
using TeamsActivity = SignOffBot.Host.Teams.Payloads.Activity;
using SignOffBot.Core.Conversations;

namespace SignOffBot.Host.Tests.Storage;

/// <summary>
/// Every kind of write the host makes, from many threads at once, on one store file, through the host's own services:
/// LiteDB must never see two write transactions at once (it once corrupted its free-page list and stopped the host).
/// Every acknowledged write is found after the file is reopened, and the audit chain verifies.
/// </summary>
public sealed class SingleWriterStressTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);
    private const int Items = 6;

    [Fact]
    public async Task EveryKindOfWriteAtOnce_NoLiteException_EveryAcknowledgedWriteSurvivesReopen_AndTheAuditChainVerifies()
    {
        var logs = new TestLogs();
        var app = new HostFixture();
        app.Settings["Playground:Enabled"] = "true";
        app.ExtraServices.Add(services => services.AddSingleton<ILoggerProvider>(logs));
        var acked = new Acknowledged();
        var errors = new ConcurrentQueue<Exception>();
        var path = app.DatabasePath;

        await using (app)
        {
            using var client = app.CreateClient();
            var services = app.Services;
            var signOffs = services.GetRequiredService<SignOffService>();
            var storage = services.GetRequiredService<LiteDbStorage>();
            var store = storage.SignOffs;
            var slackCopies = services.GetRequiredService<SlackCardCopies>();
            var slackPeople = services.GetRequiredService<SlackPeople>();
            var teams = services.GetRequiredService<TeamsConversations>();
            var timeline = services.GetRequiredService<PlaygroundTimeline>();
            var outbox = services.GetRequiredService<OutboxWriter>();
            var dispatcher = services.GetRequiredService<OutboxDispatcher>();
            var scanner = services.GetRequiredService<ReminderScanner>();

            var keys = Enumerable.Range(1, Items).Select(i => new ItemKey("fraud-detection", "stress", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
            foreach (var key in keys)
            {
                Assert.True(signOffs.Register(new RegisterItem(key, ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com")).Outcome.IsApplied);
                Assert.True(signOffs.RequestFeedback(key, [], As("ana@example.com")).Outcome.IsApplied);
            }

            var reviewers = new[] { ("ben@example.com", "Risk & Compliance"), ("chen@example.com", "Risk & Compliance"), ("ops@example.com", "IT & Operations"), ("biz@example.com", "Business") };
            var writers = new List<(string Kind, Action<int> Write)>
            {
                ("answer", n =>
                {
                    var (person, category) = reviewers[n % reviewers.Length];
                    var key = keys[n % keys.Count];
                    var comment = $"stress answer {Guid.NewGuid():N}";
                    var result = signOffs.SubmitFeedback(key, category, n % 3 == 0 ? FeedbackAnswerKind.MinorIssue : FeedbackAnswerKind.Approve, comment, As(person));
                    Assert.True(result.Outcome.IsApplied, result.Outcome.Message);
                    acked.Answers.Add((key, comment));
                }),
                ("register", n =>
                {
                    var key = new ItemKey("fraud-detection", "stress-new", $"{n}-{Guid.NewGuid():N}");
                    Assert.True(signOffs.Register(new RegisterItem(key, ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com")).Outcome.IsApplied);
                    acked.Registered.Add(key);
                }),
                ("slack card copy", n =>
                {
                    var ts = $"1700000000.{Guid.NewGuid():N}";
                    slackCopies.Add(keys[n % keys.Count].ToString(), "D0STRESS", ts, "ben@example.com");
                    acked.SlackCopies.Add(ts);
                }),
                ("teams card copy", n =>
                {
                    var id = $"1:{Guid.NewGuid():N}";
                    teams.AddCopy(keys[n % keys.Count].ToString(), "https://smba.example/amer/", "a:stress", id, null);
                    acked.TeamsCopies.Add(id);
                }),
                ("teams reference", n =>
                {
                    var user = $"29:stress-{Guid.NewGuid():N}";
                    teams.Remember(new TeamsActivity
                    {
                        Type = "message",
                        ServiceUrl = "https://smba.example/amer/",
                        From = new ChannelAccount { Id = user, AadObjectId = Guid.NewGuid().ToString() },
                        Recipient = new ChannelAccount { Id = "28:bot" },
                        Conversation = new ConversationAccount { Id = $"a:{n}", ConversationType = "personal" },
                    }, null);
                    acked.TeamsReferences.Add($"user:{user}");
                }),
                ("slack person found", n =>
                {
                    var user = $"U{Guid.NewGuid():N}";
                    slackPeople.Remember(user, reviewers[n % reviewers.Length].Item1);
                    acked.SlackPeople.Add(user);
                }),
                ("playground message", n =>
                {
                    var text = $"stress line {Guid.NewGuid():N}";
                    timeline.Add(new PlaygroundMessageDocument { Conversation = PlaygroundTimeline.Direct("ana@example.com"), Text = text });
                    acked.PlaygroundLines.Add(text);
                }),
                ("outbox enqueue", n =>
                {
                    var slot = $"stress slot {Guid.NewGuid():N}";
                    outbox.Enqueue(new ReminderNotice(new PersonId("ops@example.com"), ReminderKind.Feedback, keys[n % keys.Count].ToString(), slot, 1, 3));
                    acked.Notices.Add(slot);
                }),
                ("delivery state", _ => _ = dispatcher.DispatchDueAsync(CancellationToken.None).GetAwaiter().GetResult()),
                ("reminder rescheduling", _ =>
                {
                    scanner.RescheduleAll();
                    scanner.RunDue();
                }),
            };

            // Readers beside the writers: reads stay concurrent with the one writer.
            var readers = new List<(string Kind, Action<int> Read)>
            {
                ("read items", n => store.FindItem(keys[n % keys.Count])),
                ("read copies", n => slackCopies.Of(keys[n % keys.Count].ToString())),
                ("read outbox", _ => storage.Outbox.Due(DateTime.MaxValue, 50)),
                ("read health", _ => client.GetAsync("/healthz").GetAwaiter().GetResult().EnsureSuccessStatusCode()),
            };

            var writes = new long[writers.Count];
            var clock = Stopwatch.StartNew();
            var threads = writers.SelectMany((w, index) => Enumerable.Range(0, w.Kind == "answer" ? 4 : 2).Select(t => new Thread(() =>
                {
                    for (var n = t; clock.Elapsed < Duration; n += 7)
                    {
                        try
                        {
                            w.Write(n);
                            Interlocked.Increment(ref writes[index]);
                        }
                        catch (Exception e)
                        {
                            errors.Enqueue(new InvalidOperationException($"{w.Kind}: {e.GetType().Name}: {e.Message}", e));
                        }
                    }
                }) { IsBackground = true, Name = $"stress {w.Kind} {t}" }))
                .Concat(readers.Select(r => new Thread(() =>
                {
                    for (var n = 0; clock.Elapsed < Duration; n++)
                    {
                        try
                        {
                            r.Read(n);
                        }
                        catch (Exception e)
                        {
                            errors.Enqueue(new InvalidOperationException($"{r.Kind}: {e.GetType().Name}: {e.Message}", e));
                        }
                    }
                }) { IsBackground = true }))
                .ToList();
            threads.ForEach(t => t.Start());
            foreach (var thread in threads)
            {
                Assert.True(thread.Join(Duration + TimeSpan.FromSeconds(60)), $"{thread.Name} did not finish");
            }

            var elapsed = clock.Elapsed;
            var total = writes.Sum();
            output.WriteLine($"[stress] {threads.Count} threads for {elapsed.TotalSeconds:F1} s: {total} acknowledged writes, {total / elapsed.TotalSeconds:F0} writes/s, exceptions {errors.Count}");
            output.WriteLine("[stress] " + string.Join(", ", writers.Select((w, i) => $"{w.Kind} {writes[i]}")));
            var (commits, units) = storage.UnitOfWork.CommitCounts;
            output.WriteLine($"[stress] {commits} durable commits carried {units} units of work");

            Assert.True(errors.IsEmpty, string.Join("\n", errors.Take(5).Select(e => e.ToString())));
            Assert.All(writes, count => Assert.True(count > 0, "every kind of write ran"));
            Assert.Equal(0, services.GetRequiredService<BackgroundFailures>().Snapshot().Count);
            Assert.DoesNotContain(logs.Entries, e => e.Exception is LiteException || e.Level >= LogLevel.Error);

            // Drain what the writers queued, so the final delivery state is known: every notice sent.
            var drainUntil = Environment.TickCount64 + 30_000;
            await dispatcher.DispatchDueAsync(CancellationToken.None);
            while (storage.Outbox.Counts() is { Waiting: > 0 } left)
            {
                Assert.True(Environment.TickCount64 < drainUntil, $"the outbox did not drain within 30 s: {left}");
                app.Time.Advance(TimeSpan.FromSeconds(10));
                await dispatcher.DispatchDueAsync(CancellationToken.None);
            }
        }

        using var reopened = LiteDbStorage.Open(path);
        foreach (var (key, comment) in acked.Answers)
        {
            var item = reopened.SignOffs.FindItem(key);
            Assert.NotNull(item);
            Assert.Contains(item.SignOff.Feedback.SelectMany(s => s.Answers), a => a.Comment == comment);
        }

        Assert.All(acked.Registered, key => Assert.NotNull(reopened.SignOffs.FindItem(key)));
        AssertAllIn(reopened.ReadAll<SlackCardCopyDocument>("slack_cards").Select(d => d.Ts), acked.SlackCopies);
        AssertAllIn(reopened.ReadAll<TeamsCardCopyDocument>("teams_cards").Select(d => d.ActivityId), acked.TeamsCopies);
        AssertAllIn(reopened.ReadAll<TeamsReferenceDocument>("teams_references").Select(d => d.Id), acked.TeamsReferences);
        AssertAllIn(reopened.ReadAll<SlackPersonDocument>("slack_people").Select(d => d.Id), acked.SlackPeople);
        var lines = reopened.ReadAll<PlaygroundMessageDocument>(PlaygroundTimeline.Collection).Select(d => d.Text).ToList();
        AssertAllIn(lines, acked.PlaygroundLines);
        var outboxAfter = reopened.ReadAll<OutboxMessage>(LiteDbSetup.Outbox);
        var queued = acked.Notices.ToHashSet(StringComparer.Ordinal);
        var records = outboxAfter.Where(d => NoticeJson.Read(d.Notice) is ReminderNotice r && queued.Contains(r.Slot)).ToList();
        var notices = records.Where(d => d.Platform is null).ToList();
        var deliveries = records.Where(d => d.Platform is not null).ToList();
        // A notice planned in the write that queued it leaves no record of its own; one the dispatcher planned is marked so.
        Assert.All(notices, d => Assert.Equal(OutboxStatus.Planned, d.Status));
        Assert.Equal(queued.Count, deliveries.Count);
        Assert.Equal(queued, deliveries.Select(d => ((ReminderNotice)NoticeJson.Read(d.Notice)).Slot).ToHashSet(StringComparer.Ordinal));
        Assert.All(deliveries, d => Assert.Equal((ChatPlatform.Playground, OutboxStatus.Sent), (d.Platform, d.Status)));
        var counts = reopened.Outbox.Counts();
        Assert.Equal((0, 0, 0), (counts.Waiting, counts.Unreachable, counts.Dead));

        var verification = AuditChain.Verify(reopened.Audit.Trail());
        Assert.True(verification.Ok, $"chain broken at {verification.BrokenAt}");
        Assert.Equal(Items * 2 + acked.Answers.Count + acked.Registered.Count, verification.Events);
        output.WriteLine($"[stress] after reopen: {acked.Answers.Count} answers, {acked.Registered.Count} items, {acked.SlackCopies.Count + acked.TeamsCopies.Count} card copies, "
            + $"{acked.TeamsReferences.Count} references, {acked.SlackPeople.Count} people, {acked.PlaygroundLines.Count} lines, {acked.Notices.Count} notices found; audit {verification.Events} events verify");
    }

    private static ActionContext As(string person) => new(person, "test", "test", null);

    private static void AssertAllIn(IEnumerable<string> stored, ConcurrentBag<string> acknowledged)
    {
        var found = stored.ToHashSet(StringComparer.Ordinal);
        var missing = acknowledged.Where(a => !found.Contains(a)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged writes missing, e.g. {missing.FirstOrDefault()}");
        Assert.NotEmpty(acknowledged);
    }

    private sealed class Acknowledged
    {
        public ConcurrentBag<(ItemKey Key, string Comment)> Answers { get; } = [];

        public ConcurrentBag<ItemKey> Registered { get; } = [];

        public ConcurrentBag<string> SlackCopies { get; } = [];

        public ConcurrentBag<string> TeamsCopies { get; } = [];

        public ConcurrentBag<string> TeamsReferences { get; } = [];

        public ConcurrentBag<string> SlackPeople { get; } = [];

        public ConcurrentBag<string> PlaygroundLines { get; } = [];

        public ConcurrentBag<string> Notices { get; } = [];
    }
}
