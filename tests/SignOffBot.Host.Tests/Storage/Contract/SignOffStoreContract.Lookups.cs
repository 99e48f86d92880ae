using LiteDB;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Workflow;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Governance;

namespace SignOffBot.Host.Tests.Storage.Contract;

/// <summary>
/// How stores find things: keys and ids ignore case (the API takes a key in any spelling), the adapters' records by
/// every predicate shape they use, ids the store makes for card copies and playground lines, and the outbox's claim.
/// </summary>
public abstract partial class SignOffStoreContract
{
    [Fact]
    public void Items_DeliveryIdsAndReminders_AreFoundByTheirKeys_IgnoringCase()
    {
        var services = Services(Store);
        services.SignOffs.Register(new RegisterItem(Key("fraud-detection/churn-xgb@7"), ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com", "slack:Delivery-A"));
        var target = new ReminderTarget(ReminderKind.Parse("feedback"), "fraud-detection/churn-xgb@7", "Business", new PersonId("biz@example.com"), Start);
        Ports.UnitOfWork.Transact(session =>
        {
            session.ReplaceReminderTargets("fraud-detection/churn-xgb@7", [new PlannedReminder(target, Start.AddHours(1))]);
            return 0;
        });

        Assert.Equal("fraud-detection/churn-xgb@7", Store.FindItem(Key("Fraud-Detection/Churn-XGB@7"))?.Key.ToString());
        Assert.Single(Ports.Audit.Of(Key("FRAUD-DETECTION/churn-xgb@7")));
        Ports.UnitOfWork.Transact(session =>
        {
            Assert.NotNull(session.FindDelivery("slack:delivery-a"));
            Assert.Equal(target.Id, session.FindReminder(target.Id.ToUpperInvariant())?.Id);
            return 0;
        });
    }

    [Fact]
    public void PlatformRecords_AreFoundByEveryPredicateShapeTheAdaptersUse_IgnoringCase()
    {
        var references = Ports.Records.Set<ContractReference>("contract_references", r => r.PersonId);
        references.Upsert(new ContractReference { Id = "user:29:A", PersonId = "ana@example.com", UserId = "29:A", TeamId = "T1" });
        references.Upsert(new ContractReference { Id = "personal:ana@example.com", PersonId = "ana@example.com", AadObjectId = "aad-1" });
        references.Upsert(new ContractReference { Id = "channel:19:c", TeamId = "T1" });
        references.Upsert(new ContractReference { Id = "team:T1", TeamId = "T1" });
        references.Upsert(new ContractReference { Id = "team:T2", TeamId = "T2" });
        var person = "Ana@Example.com";

        Assert.Equal(["personal:ana@example.com"], Ids(references.Find(r => r.PersonId == person && r.AadObjectId != null)));
        Assert.Equal(["user:29:A"], Ids(references.Find(r => r.PersonId == person && r.UserId != null && r.Id.StartsWith("user:"), 5)));
        Assert.Equal(["team:T1", "team:T2"], Ids(references.Find(r => r.Id.StartsWith("TEAM:"))));
        Assert.Equal(["channel:19:c", "team:T2", "user:29:A"], Ids(references.Find(r => r.AadObjectId == null && !(r.Id == "team:t1"))));
        Assert.Single(references.Find(r => r.PersonId == "ana@example.com", limit: 1));
        Assert.Equal("aad-1", references.Find("PERSONAL:ana@example.com")?.AadObjectId);

        var removed = references.Change(set => set.DeleteMany(r => r.TeamId == "t1" && (r.Id.StartsWith("channel:") || r.Id.StartsWith("team:"))));
        Assert.Equal(2, removed);
        Assert.Equal(["personal:ana@example.com", "team:T2", "user:29:A"], Ids(references.Find(r => r.Id != "nothing")));
    }

    [Fact]
    public void RecordsWhoseIdIsLeftToTheStore_GetOne_ThatFindsThemAgainAcrossAReopen()
    {
        var copies = Ports.Records.Set<ContractCopy>("contract_copies", r => r.Item);
        var lines = Ports.Records.Set<ContractLine>("contract_lines", r => r.Conversation);
        var copy = new ContractCopy { Item = "fraud-detection/churn-xgb@7" };
        copies.Insert(copy);
        foreach (var text in new[] { "one", "two", "three" })
        {
            lines.Insert(new ContractLine { Conversation = "dm:ana@example.com", Text = text });
        }

        Ports = Reopen();
        copies = Ports.Records.Set<ContractCopy>("contract_copies", r => r.Item);
        lines = Ports.Records.Set<ContractLine>("contract_lines", r => r.Conversation);

        Assert.NotNull(copy.Id);
        Assert.Matches("^[0-9a-f]{24}$", copy.Id!.ToString());
        Assert.Equal("fraud-detection/churn-xgb@7", copies.Find(new ObjectId(copy.Id.ToString()))?.Item);
        Assert.Equal(["two", "three"], lines.Last(l => l.Conversation == "dm:ana@example.com", 2).Select(l => l.Text));
        var all = lines.Find(l => l.Conversation == "dm:ana@example.com");
        Assert.Equal(3, all.Select(l => l.Id).Distinct().Count());
        Assert.All(all, l => Assert.True(l.Id > 0));
        Assert.True(copies.Delete(copy.Id));
        Assert.Null(copies.Find(copy.Id));
    }

    [Fact]
    public void Claim_TakesTheDueDeliveries_AndTheSameHostTakesThemAgainUntilTheyAreStored()
    {
        var now = Time.GetUtcNow();
        Ports.UnitOfWork.Transact(session =>
        {
            session.EnqueueNotices([new PrivateTextNotice(new PersonId("ana@example.com"), "fraud-detection/churn-xgb@7", "hello")], now);
            return 0;
        });
        var notice = Assert.Single(Ports.Outbox.UnplannedNotices(10));
        notice.TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Ports.Outbox.PlanDeliveries([new NoticePlan(notice, "private-text", null, [("slack", "dm:U1"), ("teams", "person:ana@example.com")])], now.UtcDateTime);

        var claimed = Ports.Outbox.Claim(now.UtcDateTime, TimeSpan.FromMinutes(5), 10);
        Assert.Equal(2, claimed.Count);
        Assert.All(claimed, d => Assert.Equal(notice.TraceParent, d.TraceParent));
        Assert.Equal(claimed.Select(d => d.Id), Ports.Outbox.Claim(now.UtcDateTime, TimeSpan.FromMinutes(5), 10).Select(d => d.Id));
        Assert.Empty(Ports.Outbox.Claim(now.UtcDateTime.AddSeconds(-1), TimeSpan.FromMinutes(5), 10));

        claimed[0].Status = OutboxStatus.Sent;
        claimed[1].NextAttemptAt = now.UtcDateTime.AddMinutes(1);
        Ports.Outbox.Save(claimed);

        Assert.Empty(Ports.Outbox.Claim(now.UtcDateTime, TimeSpan.FromMinutes(5), 10));
        Assert.Equal([claimed[1].Id], Ports.Outbox.Claim(now.UtcDateTime.AddMinutes(1), TimeSpan.FromMinutes(5), 10).Select(d => d.Id));
    }

    [Fact]
    public void ADueReminder_ReadByUnitsAtOnce_IsSentByOne()
    {
        var target = new ReminderTarget(ReminderKind.Parse("feedback"), "fraud-detection/churn-xgb@7", "Business", new PersonId("biz@example.com"), Start);
        Ports.UnitOfWork.Transact(session =>
        {
            session.ReplaceReminderTargets("fraud-detection/churn-xgb@7", [new PlannedReminder(target, Start.AddHours(1))]);
            return 0;
        });

        // Threads of their own, started together: the thread pool would start them one by one.
        var sent = new int[8];
        using var start = new Barrier(sent.Length);
        var threads = Enumerable.Range(0, sent.Length).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            sent[i] = SendIfDue(Ports, target.Id, Start.AddHours(2));
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(1, sent.Sum());
        Assert.Equal(1, Ports.UnitOfWork.Transact(session => session.FindReminder(target.Id)!.Sent));
    }

    /// <summary>What the reminder job does with one due target: reads it, and if it is still due, counts one more sent.</summary>
    internal static int SendIfDue(StorePorts ports, string id, DateTimeOffset now) => ports.UnitOfWork.Transact(session =>
    {
        if (session.FindReminder(id) is not { NextDue: { } due } reminder || due > now)
        {
            return 0;
        }

        session.SaveReminder(reminder with { Sent = reminder.Sent + 1, NextDue = null });
        return 1;
    });

    private static List<string> Ids(IEnumerable<ContractReference> references) => [.. references.Select(r => r.Id).Order(StringComparer.Ordinal)];
}

/// <summary>A reference as the Teams adapter keeps them: a text id with a kind prefix, and fields to look it up by.</summary>
public sealed class ContractReference
{
    public string Id { get; set; } = "";

    public string? PersonId { get; set; }

    public string? UserId { get; set; }

    public string? AadObjectId { get; set; }

    public string? TeamId { get; set; }
}

/// <summary>A card copy as the adapters keep them: its id is made by the store.</summary>
public sealed class ContractCopy
{
    public ObjectId? Id { get; set; }

    public string Item { get; set; } = "";
}

/// <summary>A playground line: a number the store gives, in the order lines are added.</summary>
public sealed class ContractLine
{
    [BsonId(autoId: true)]
    public long Id { get; set; }

    public string Conversation { get; set; } = "";

    public string Text { get; set; } = "";
}
