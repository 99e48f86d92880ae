using LiteDB;
using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Tests.Storage;

/// <summary>One test per LiteDB trap (whitespace, empty string, UTC dates, word/enum queries), on a real file reopened.</summary>
public sealed class LiteDbRoundTripTests
{
    private const string Churn7 = "fraud-detection/churn-xgb@7";

    [Fact]
    public void Comment_WithLeadingAndTrailingWhitespace_ComesBackExactly()
    {
        using var bench = new StoreFixture();
        bench.Register(Churn7, "ana@example.com");
        bench.SignOffs.RequestFeedback(StoreFixture.Key(Churn7), [], StoreFixture.As("ana@example.com"));
        const string padded = "  drift check is missing \n\t";

        // The domain trims comments; the store must not change what it is given, so write one straight through the port.
        bench.Storage.UnitOfWork.Transact(session =>
        {
            var item = session.FindItem(StoreFixture.Key(Churn7))!;
            var slot = item.SignOff.FindSlot("IT & Operations")!;
            var answered = slot with { Answers = [.. slot.Answers, new FeedbackAnswer("ops@example.com", FeedbackAnswerKind.MinorIssue, padded, StoreFixture.Start)] };
            session.UpdateItem(item with { SignOff = item.SignOff.WithSlot(answered) });
            var draft = new AuditEvent(0, StoreFixture.Start, "ops@example.com", "slack", "feedback", Churn7, "IT & Operations", "minor-issue", padded, "slack", null, "", "");
            session.AppendAuditEvent(AuditChain.Link(session.LastAuditEvent(), draft));
            return 0;
        });
        bench.Reopen();

        var answer = Assert.Single(bench.Store.FindItem(StoreFixture.Key(Churn7))!.SignOff.FindSlot("IT & Operations")!.Answers);
        Assert.Equal(padded, answer.Comment);
        Assert.Equal(padded, bench.Audit()[^1].Comment);
        Assert.True(bench.Verify().Ok, "the hash computed before storing still matches the comment read back");
    }

    [Fact]
    public void Comment_WithInnerLineBreaksAndSpaces_ThroughTheService_ComesBackExactly()
    {
        using var bench = new StoreFixture();
        bench.Register(Churn7, "ana@example.com");
        bench.SignOffs.RequestFeedback(StoreFixture.Key(Churn7), [], StoreFixture.As("ana@example.com"));
        const string comment = "Two findings:\n\n  1. calibration  drifts\r\n  2. no rollback test";

        var result = bench.SignOffs.SubmitFeedback(StoreFixture.Key(Churn7), "Risk & Compliance", FeedbackAnswerKind.MajorIssue, comment, StoreFixture.As("ben@example.com"));
        Assert.True(result.Outcome.IsApplied, result.Outcome.Message);
        bench.Reopen();

        Assert.Equal(comment, bench.Store.FindItem(StoreFixture.Key(Churn7))!.SignOff.FindSlot("Risk & Compliance")!.Answers[0].Comment);
        Assert.Equal(comment, bench.Audit()[^1].Comment);
        Assert.True(bench.Verify().Ok);
    }

    [Fact]
    public void EmptyString_StaysEmpty_NotNull()
    {
        using var bench = new StoreFixture();
        // An empty ticket is accepted by registration and must come back as "" (the default mapper would make it null).
        bench.Register(Churn7, "ana@example.com", evidence: new Evidence(null, null, null, ""));
        bench.Storage.UnitOfWork.Transact(session =>
        {
            var draft = new AuditEvent(0, StoreFixture.Start, "ana@example.com", "slack", "note", Churn7, "", null, "", "slack", "", "", "");
            session.AppendAuditEvent(AuditChain.Link(session.LastAuditEvent(), draft));
            return 0;
        });
        bench.Reopen();

        var item = bench.Store.FindItem(StoreFixture.Key(Churn7))!;
        Assert.Equal("", item.Evidence.Ticket);
        Assert.Null(item.Evidence.ModelCard);
        var last = bench.Audit()[^1];
        Assert.Equal("", last.Comment);
        Assert.Equal("", last.Slot);
        Assert.Equal("", last.DeliveryId);
        Assert.Null(last.Answer);
        Assert.True(bench.Verify().Ok, "\"\" and null hash differently, so the chain only holds if \"\" survives");

        bench.Close();
        using var raw = bench.OpenRaw();
        var doc = raw.GetCollection(LiteDbSetup.Items).FindById(Churn7);
        Assert.True(doc["Ticket"].IsString, $"Ticket is stored as {doc["Ticket"].Type}");
        Assert.Equal("", doc["Ticket"].AsString);
    }

    [Fact]
    public void Dates_ComeBackUtc_WithTheSameInstant()
    {
        using var bench = new StoreFixture();
        bench.Register(Churn7, "ana@example.com");
        bench.Time.Advance(TimeSpan.FromMinutes(90) + TimeSpan.FromMilliseconds(517));
        bench.SignOffs.RequestFinal(StoreFixture.Key(Churn7), StoreFixture.As("ana@example.com"));
        var decidedAt = bench.Time.GetUtcNow();
        bench.SignOffs.Decide(StoreFixture.Key(Churn7), FinalDecisionKind.Approve, null, StoreFixture.As("ben@example.com"));

        // A time given with an offset is stored as its instant.
        var indiaTime = new DateTimeOffset(2026, 11, 23, 16, 45, 30, 125, TimeSpan.FromHours(5.5));
        bench.Storage.UnitOfWork.Transact(session =>
        {
            session.SaveConfirmation(new DeployConfirmation(StoreFixture.Key(Churn7), "staging-api", "ana@example.com", "load test", indiaTime));
            return 0;
        });
        bench.Reopen();

        var item = bench.Store.FindItem(StoreFixture.Key(Churn7))!;
        Assert.Equal(StoreFixture.Start, item.RegisteredAt);
        Assert.Equal(TimeSpan.Zero, item.RegisteredAt.Offset);
        Assert.Equal(decidedAt, item.SignOff.Final.Decision!.At);
        Assert.Equal(TimeSpan.Zero, item.SignOff.Final.Decision.At.Offset);
        Assert.All(bench.Audit(), e => Assert.Equal(TimeSpan.Zero, e.At.Offset));
        Assert.Equal([StoreFixture.Start, decidedAt, decidedAt], bench.Audit().Select(e => e.At).ToList());
        var confirmation = bench.Storage.UnitOfWork.Transact(session => session.LatestConfirmation(StoreFixture.Key(Churn7), "staging-api"))!;
        Assert.Equal(indiaTime.UtcTicks, confirmation.At.UtcTicks);
        Assert.Equal(TimeSpan.Zero, confirmation.At.Offset);

        // The UtcDate pragma: the documents themselves come back as UTC, not converted to the machine's local time.
        bench.Close();
        using var db = LiteDbSetup.Open(bench.DatabasePath);
        var doc = db.GetCollection<ItemDocument>(LiteDbSetup.Items).FindById(Churn7);
        Assert.Equal(DateTimeKind.Utc, doc.RegisteredAt.Kind);
        Assert.Equal(StoreFixture.Start.UtcDateTime, doc.RegisteredAt);
    }

    [Fact]
    public void OpenItems_AfterSomeAreDecided_FindsOnlyTheOpenOnes()
    {
        using var bench = new StoreFixture();
        var ana = StoreFixture.As("ana@example.com");
        var ben = StoreFixture.As("ben@example.com");
        foreach (var v in new[] { "1", "2", "3", "4", "5", "6" })
        {
            bench.Register($"fraud-detection/churn-xgb@{v}", "ana@example.com");
        }

        bench.SignOffs.RequestFeedback(StoreFixture.Key("fraud-detection/churn-xgb@2"), [], ana);
        foreach (var v in new[] { "3", "4", "5", "6" })
        {
            Assert.True(bench.SignOffs.RequestFinal(StoreFixture.Key($"fraud-detection/churn-xgb@{v}"), ana).Outcome.IsApplied);
        }

        Assert.True(bench.SignOffs.Decide(StoreFixture.Key("fraud-detection/churn-xgb@4"), FinalDecisionKind.Approve, null, ben).Outcome.IsApplied);
        Assert.True(bench.SignOffs.Decide(StoreFixture.Key("fraud-detection/churn-xgb@5"), FinalDecisionKind.Reject, "no", ben).Outcome.IsApplied);
        Assert.True(bench.SignOffs.Decide(StoreFixture.Key("fraud-detection/churn-xgb@6"), FinalDecisionKind.Abandon, "superseded", ben).Outcome.IsApplied);

        string[] open = ["fraud-detection/churn-xgb@1", "fraud-detection/churn-xgb@2", "fraud-detection/churn-xgb@3"];
        Assert.Equal(open, bench.Store.OpenItems().Select(i => i.Key.ToString()).Order(StringComparer.Ordinal).ToArray());
        bench.Reopen();
        var reopened = bench.Store.OpenItems().OrderBy(i => i.Key.ToString(), StringComparer.Ordinal).ToList();
        Assert.Equal(open, reopened.Select(i => i.Key.ToString()).ToArray());
        Assert.Equal([SignOffState.NotStarted, SignOffState.FeedbackRequested, SignOffState.FinalApprovalRequested], reopened.Select(i => i.SignOff.State).ToArray());
        Assert.Equal(SignOffState.Rejected, bench.Store.FindItem(StoreFixture.Key("fraud-detection/churn-xgb@5"))!.SignOff.State);

        // States, answers and levels are stored as the SPEC's words, so the file reads the same as the API.
        bench.Close();
        using var raw = bench.OpenRaw();
        var items = raw.GetCollection(LiteDbSetup.Items);
        Assert.Equal("approved", items.FindById("fraud-detection/churn-xgb@4")["State"].AsString);
        Assert.Equal("final-approval-requested", items.FindById("fraud-detection/churn-xgb@3")["State"].AsString);
        Assert.Equal("low", items.FindById("fraud-detection/churn-xgb@4")["Risk"].AsString);
        Assert.Equal("reject", items.FindById("fraud-detection/churn-xgb@5")["Final"]["Decision"]["Answer"].AsString);
        Assert.Equal(3, items.Count(Query.EQ("Open", true)));
        Assert.Equal(1, items.Count(Query.EQ("State", "approved")));
    }

    [Fact]
    public void BypassStatus_IsStoredAsAWord_AndFoundByTarget()
    {
        using var bench = new StoreFixture();
        bench.Register(Churn7, "ana@example.com");
        bench.Register("fraud-detection/churn-xgb@8", "ana@example.com");
        var requested = bench.Deploys.RequestBypass(StoreFixture.Key(Churn7), "prod-api", "INC-7", 4, StoreFixture.As("ana@example.com"));
        Assert.True(requested.Outcome.IsApplied, requested.Outcome.Message);
        bench.Deploys.RequestBypass(StoreFixture.Key("fraud-detection/churn-xgb@8"), "prod-api", "INC-8", 2, StoreFixture.As("ana@example.com"));
        var granted = bench.Deploys.DecideBypass(requested.Value!.Id, grant: true, StoreFixture.As("oncall@example.com"));
        Assert.True(granted.Outcome.IsApplied, granted.Outcome.Message);
        bench.Reopen();

        var bypass = Assert.Single(bench.Storage.UnitOfWork.Transact(session => session.BypassesFor(StoreFixture.Key(Churn7), "prod-api")));
        Assert.Equal(BypassStatus.Granted, bypass.Status);
        Assert.Equal("INC-7", bypass.Incident);
        Assert.Equal(granted.Value!.ExpiresAt, bypass.ExpiresAt);
        Assert.Equal("oncall@example.com", bypass.DecidedBy);
        Assert.Equal("ana@example.com", bypass.Review!.Owner);
        Assert.Equal(BypassStatus.Pending, Assert.Single(bench.Storage.UnitOfWork.Transact(session => session.BypassesFor(StoreFixture.Key("fraud-detection/churn-xgb@8"), "prod-api"))).Status);
        Assert.Empty(bench.Storage.UnitOfWork.Transact(session => session.BypassesFor(StoreFixture.Key(Churn7), "staging-api")));

        bench.Close();
        using var raw = bench.OpenRaw();
        Assert.Equal("Granted", raw.GetCollection(LiteDbSetup.Bypasses).FindById(requested.Value.Id)["Status"].AsString);
    }
}
