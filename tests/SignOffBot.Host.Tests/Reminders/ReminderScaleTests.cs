using SignOffBot.Testing;
using SignOffBot.Host.Storage.Documents;
using System.Diagnostics;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Xunit.Abstractions;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Reminders;

/// <summary>100,000 open slots: the reminder scan reads only the due ones, through the index on the due time.</summary>
public sealed class ReminderScaleTests(ITestOutputHelper output)
{
    private const int Open = 100_000;
    private const int Due = 1_000;

    [Fact]
    public void DueReminders_Among100000OpenSlots_AreFoundThroughTheIndexWithoutReadingTheRest()
    {
        var path = Path.Combine(TempFolder.Create(), "scale.db");
        var now = new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);
        using var db = LiteDbSetup.Open(path);
        var reminders = db.GetCollection<ReminderDocument>(LiteDbSetup.Reminders);
        reminders.InsertBulk(Enumerable.Range(0, Open).Select(i => new ReminderDocument
        {
            Id = $"project-{i % 50}/model-{i}@1|Business|reviewer{i % 700}@example.com",
            Scope = $"project-{i % 50}/model-{i}@1",
            Kind = "feedback",
            Item = $"project-{i % 50}/model-{i}@1",
            Slot = "Business",
            Person = $"reviewer{i % 700}@example.com",
            Anchor = now.AddDays(-1),
            NextDueAt = i < Due ? now.AddMinutes(-(i % 60)) : now.AddHours(1 + (i % 500)),
        }), batchSize: 10_000);
        var store = new LiteDbReminderStore(new LiteDbUnitOfWork(db, new OutboxSignal()));

        var watch = Stopwatch.StartNew();
        var due = store.DueReminders(now, 5_000);
        watch.Stop();

        Assert.Equal(Due, due.Count);
        Assert.All(due, d => Assert.True(d.NextDue <= now));
        var plan = db.Execute("EXPLAIN SELECT $ FROM reminders WHERE $.NextDueAt <= @0", new BsonDocument { ["0"] = now }).ToList().Single().AsDocument;
        output.WriteLine($"{Due} due of {Open} found in {watch.ElapsedMilliseconds} ms; plan: {plan}");
        var index = plan["index"].AsDocument;
        Assert.Equal("NextDueAt", index["name"].AsString);
        Assert.DoesNotContain("FULL", index["mode"].AsString, StringComparison.OrdinalIgnoreCase);
        Assert.True(index["cost"].AsInt32 < Open, $"the plan reads {index["cost"]} documents");
    }

    [Fact]
    public async Task Scheduler_HoldsTheScanAndOneNextDueTrigger_HoweverManySignOffsAreOpen()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);
        for (var version = 1; version <= 20; version++)
        {
            await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", version.ToString(System.Globalization.CultureInfo.InvariantCulture), "ana@example.com");
            await client.PostAsync($"/api/v1/items/fraud-detection/churn-xgb@{version}/request-feedback", ApiJson.Body(new { by = "ana@example.com" }));
        }

        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var triggers = await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.AnyGroup());

        // The backstop scan and the one trigger at the earliest due time, whatever the number of open sign-offs.
        // (The next-due trigger is moved off the commit path, so it may still be on its way here.)
        Assert.Contains(new TriggerKey("reminders-scan", "signoffbot"), triggers);
        Assert.Subset(new HashSet<TriggerKey> { new("reminders-next", "signoffbot"), new("reminders-scan", "signoffbot") }, triggers.ToHashSet());
        Assert.Equal(80, app.Services.GetRequiredService<LiteDbStorage>().ReadAll<ReminderDocument>(LiteDbSetup.Reminders).Count);
    }
}
