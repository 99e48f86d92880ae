using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.WorkflowFixture;

namespace SignOffBot.Core.Tests.Workflow;

/// <summary>Issue 14, <c>re-request</c> through the service: reviewers get the reason and a new card, and are chased again.</summary>
public sealed class ReRequestFlowTests
{
    private const string Reason = "Label window fixed in the model card.";
    private static readonly ItemKey Key = TestItems.Key;
    private readonly WorkflowFixture _bench = new();

    private void AnsweredEverywhere()
    {
        _bench.Register();
        Applied(_bench.SignOffs.RequestFeedback(Key, [], As(Dev)));
        Applied(_bench.SignOffs.SubmitFeedback(Key, ItOps, FeedbackAnswerKind.Approve, null, As(Ops)));
        Applied(_bench.SignOffs.SubmitFeedback(Key, RiskCompliance, FeedbackAnswerKind.MajorIssue, "Wrong label window.", As(Chen)));
        Applied(_bench.SignOffs.SubmitFeedback(Key, Business, FeedbackAnswerKind.Approve, null, As(Biz)));
        _bench.Clock.Advance(TimeSpan.FromDays(2));
    }

    [Fact]
    public void ReRequest_SendsEachHolderTheReasonAndANewCard()
    {
        AnsweredEverywhere();
        var before = _bench.Store.Notices.Count;

        Applied(_bench.SignOffs.ReRequest(Key, [RiskCompliance, ItOps], Reason, As(Dev)));

        var notices = _bench.Store.Notices.Skip(before).ToList();
        foreach (var (person, category) in new[] { (Ops, ItOps), (Ben, RiskCompliance), (Chen, RiskCompliance), (Ana, RiskCompliance) })
        {
            var line = Assert.Single(notices.OfType<PrivateTextNotice>(), n => n.Person.Value == person);
            Assert.Equal(
                $"{DevName} asks again for your feedback on {category} of {Key}: \"{Reason}\" Answers before now stay in the history but no longer count.",
                line.Text);
            var card = Assert.Single(notices.OfType<ReviewRequestNotice>(), n => n.Person.Value == person);
            Assert.Equal((Key.ToString(), category), (card.Item, card.Slot.Name));
        }

        Assert.Equal(4, notices.OfType<ReviewRequestNotice>().Count());
        Assert.DoesNotContain(notices.OfType<ReviewRequestNotice>(), n => n.Person.Value == Biz);
        Assert.Contains(new CardRefreshNotice(Key.ToString()), notices);
        Assert.Contains(notices.OfType<ChannelStatusNotice>(), l => l.Text == $"{Key}: {DevName} asked again for feedback on {RiskCompliance}, {ItOps}: \"{Reason}\". State: feedback-requested.");
    }

    [Fact]
    public void ReRequest_WithoutAReason_StillSendsALineAndACard()
    {
        AnsweredEverywhere();
        var before = _bench.Store.Notices.Count;

        Applied(_bench.SignOffs.ReRequest(Key, [Business], null, As(Ana)));

        var notices = _bench.Store.Notices.Skip(before).ToList();
        var line = Assert.Single(notices.OfType<PrivateTextNotice>());
        Assert.Equal((Biz, $"{AnaName} asks again for your feedback on {Business} of {Key}. Answers before now stay in the history but no longer count."), (line.Person.Value, line.Text));
        Assert.Equal(Biz, Assert.Single(notices.OfType<ReviewRequestNotice>()).Person.Value);
    }

    [Fact]
    public void ReRequest_AppendsOneEventAndChasesTheSlotAgainFromNow()
    {
        AnsweredEverywhere();
        Assert.Empty(_bench.Store.ReminderTargets[Key.ToString()]);
        Assert.Empty(_bench.SignOffs.Pending(Chen));
        var events = _bench.Store.Trail().Count();

        Applied(_bench.SignOffs.ReRequest(Key, [RiskCompliance], Reason, As(Dev)));

        var e = _bench.Store.Trail().Last();
        Assert.Equal(events + 1, _bench.Store.Trail().Count());
        Assert.Equal(("re-requested", RiskCompliance, Reason, Dev), (e.Action, e.Slot, e.Comment, e.Actor));
        var targets = _bench.Store.ReminderTargets[Key.ToString()];
        Assert.Equal([Ben, Chen, Ana], targets.Select(t => t.Person.Value));
        Assert.All(targets, t => Assert.Equal((RiskCompliance, TestItems.T0.AddDays(2)), (t.Slot, t.Anchor)));
        Assert.Equal([RiskCompliance], _bench.SignOffs.Pending(Chen).Select(p => p.Slot));

        // Chen answers again: the slot is settled and chased no more.
        Applied(_bench.SignOffs.SubmitFeedback(Key, RiskCompliance, FeedbackAnswerKind.Approve, "Window fixed.", As(Chen)));
        Assert.Empty(_bench.Store.ReminderTargets[Key.ToString()]);
    }
}
