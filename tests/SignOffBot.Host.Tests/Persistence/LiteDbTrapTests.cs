using SignOffBot.Core.Audit;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.Tests.Persistence;

/// <summary>LiteDB defaults that would silently change data: trimmed strings, "" as null, local dates, and queries on state.</summary>
public sealed class LiteDbTrapTests
{
    [Fact]
    public void Comment_WithSurroundingSpacesOrEmpty_ComesBackExactly_FromTheItemAndTheAudit()
    {
        var path = StoreHarness.NewDatabasePath();
        var time = StoreHarness.NewTime();
        using (var harness = new StoreHarness(path, time))
        {
            var item = harness.RequestFeedback(harness.Register(StoreHarness.Churn7).Key);
            var now = time.GetUtcNow();
            var slot = item.SignOff.FindSlot("Business")!;
            var answered = slot with { Answers = [new FeedbackAnswer("biz@example.com", FeedbackAnswerKind.MinorIssue, "  spaced  ", Ms(now))] };
            var ops = item.SignOff.FindSlot("IT & Operations")!;
            var opsAnswered = ops with { Answers = [new FeedbackAnswer("ops@example.com", FeedbackAnswerKind.Approve, "", Ms(now))] };
            harness.Store.Transact(s =>
            {
                s.UpdateItem(item with { SignOff = item.SignOff.WithSlot(answered).WithSlot(opsAnswered) });
                var draft = new AuditEvent(0, Ms(now), "biz@example.com", "test", AuditActions.Feedback, item.Key.ToString(), "Business", "minor-issue", "  spaced  ", "test", null, "", "");
                s.AppendAuditEvent(AuditChain.Link(s.LastAuditEvent(), draft));
                var empty = draft with { Comment = "", Slot = "IT & Operations", Answer = "approve", Actor = "ops@example.com" };
                s.AppendAuditEvent(AuditChain.Link(s.LastAuditEvent(), empty));
                return 0;
            });
        }

        using var reopened = new StoreHarness(path, time);
        var stored = reopened.Store.FindItem(StoreHarness.Churn7)!;
        Assert.Equal("  spaced  ", Assert.Single(stored.SignOff.FindSlot("Business")!.Answers).Comment);
        Assert.Equal("", Assert.Single(stored.SignOff.FindSlot("IT & Operations")!.Answers).Comment);
        var trail = reopened.Storage.Audit.Trail().ToList();
        Assert.Equal("  spaced  ", trail[^2].Comment);
        Assert.Equal("", trail[^1].Comment);
        Assert.True(AuditChain.Verify(trail).Ok);
    }

    [Fact]
    public void Comment_WithSpacesInsideAndNewlines_SurvivesTheDomainAndTheFile()
    {
        var path = StoreHarness.NewDatabasePath();
        var time = StoreHarness.NewTime();
        const string Comment = "two  spaces\n\ttab and line";
        using (var harness = new StoreHarness(path, time))
        {
            harness.Register(StoreHarness.Churn7);
            harness.RequestFeedback(StoreHarness.Churn7);
            Assert.True(harness.SignOffs.SubmitFeedback(StoreHarness.Churn7, "Business", FeedbackAnswerKind.MinorIssue, Comment, StoreHarness.As("biz@example.com")).Outcome.IsApplied);
        }

        using var reopened = new StoreHarness(path, time);
        Assert.Equal(Comment, Assert.Single(reopened.Store.FindItem(StoreHarness.Churn7)!.SignOff.FindSlot("Business")!.Answers).Comment);
        Assert.Equal(Comment, reopened.Storage.Audit.Trail().Last().Comment);
    }

    [Fact]
    public void DateTimeOffset_WhenStoredAndReadBack_IsTheSameUtcInstant()
    {
        var path = StoreHarness.NewDatabasePath();
        var time = StoreHarness.NewTime();
        var registeredAt = Ms(time.GetUtcNow());
        using (var harness = new StoreHarness(path, time))
        {
            harness.Register(StoreHarness.Churn7);

            // A time written with a non-UTC offset is the same instant when read back, in UTC.
            var paris = new DateTimeOffset(2026, 11, 23, 11, 30, 15, 250, TimeSpan.FromHours(1));
            harness.Store.Transact(s =>
            {
                var item = s.FindItem(StoreHarness.Churn7)!;
                var slot = item.SignOff.FindSlot("Business")! with { Requested = true };
                slot = slot with { Answers = [new FeedbackAnswer("biz@example.com", FeedbackAnswerKind.Approve, null, paris)] };
                s.UpdateItem(item with { SignOff = item.SignOff.WithSlot(slot) with { State = SignOffState.FeedbackRequested } });
                return 0;
            });
        }

        using var reopened = new StoreHarness(path, time);
        var stored = reopened.Store.FindItem(StoreHarness.Churn7)!;
        Assert.Equal(registeredAt, stored.RegisteredAt);
        Assert.Equal(registeredAt.UtcTicks, stored.RegisteredAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, stored.RegisteredAt.Offset);

        var at = Assert.Single(stored.SignOff.FindSlot("Business")!.Answers).At;
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 30, 15, 250, TimeSpan.Zero), at);
        Assert.Equal(TimeSpan.Zero, at.Offset);

        var registered = reopened.Storage.Audit.Trail().First();
        Assert.Equal(registeredAt, registered.At);
        Assert.Equal(TimeSpan.Zero, registered.At.Offset);
    }

    [Fact]
    public void OpenItems_AfterOneItemIsApprovedAndOneRejected_ReturnsOnlyTheOpenOnes()
    {
        var path = StoreHarness.NewDatabasePath();
        using var harness = new StoreHarness(path, StoreHarness.NewTime());
        var approved = new ItemKey("fraud-detection", "churn-xgb", "1");
        var rejected = new ItemKey("fraud-detection", "churn-xgb", "2");
        var waiting = new ItemKey("fraud-detection", "churn-xgb", "3");
        var notStarted = new ItemKey("fraud-detection", "churn-xgb", "4");
        foreach (var key in new[] { approved, rejected, waiting, notStarted })
        {
            harness.Register(key);
        }

        foreach (var key in new[] { approved, rejected, waiting })
        {
            Assert.True(harness.SignOffs.RequestFinal(key, StoreHarness.As("ana@example.com")).Outcome.IsApplied);
        }

        var approve = harness.SignOffs.Decide(approved, FinalDecisionKind.Approve, null, StoreHarness.As("ben@example.com"));
        Assert.True(approve.Outcome.IsApplied, approve.Outcome.Message);
        var reject = harness.SignOffs.Decide(rejected, FinalDecisionKind.Reject, "not good enough", StoreHarness.As("chen@example.com"));
        Assert.True(reject.Outcome.IsApplied, reject.Outcome.Message);

        Assert.Equal(["churn-xgb@3", "churn-xgb@4"], harness.Store.OpenItems().Select(i => $"{i.Key.Name}@{i.Key.Version}").Order(StringComparer.Ordinal));
        Assert.Equal(SignOffState.Approved, harness.Store.FindItem(approved)!.SignOff.State);
        Assert.Equal(SignOffState.Rejected, harness.Store.FindItem(rejected)!.SignOff.State);
    }

    private static DateTimeOffset Ms(DateTimeOffset at) => Time.Truncate(at);
}
