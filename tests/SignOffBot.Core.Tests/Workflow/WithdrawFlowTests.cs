using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.WorkflowFixture;

namespace SignOffBot.Core.Tests.Workflow;

/// <summary>Issue 14, <c>withdraw</c> through the service: one audit event, the slot's reminders and pending reviews gone.</summary>
public sealed class WithdrawFlowTests
{
    private const string Reason = "Sent to the wrong category.";
    private static readonly ItemKey Key = TestItems.Key;
    private readonly WorkflowFixture _bench = new();

    private IReadOnlyList<ReminderTarget> Targets => _bench.Store.ReminderTargets[Key.ToString()];

    [Fact]
    public void Withdraw_AppendsOneEventAndStopsChasingTheSlot()
    {
        _bench.Register();
        Applied(_bench.SignOffs.RequestFeedback(Key, [], As(Dev)));
        Assert.Contains(Targets, t => t.Slot == Business);
        Assert.Equal([Business], _bench.SignOffs.Pending(Biz).Select(p => p.Slot));
        _bench.Clock.Advance(TimeSpan.FromHours(1));

        var item = Applied(_bench.SignOffs.Withdraw(Key, [Business], Reason, As(Ana, "d-1")));

        Assert.False(item.SignOff.FindSlot(Business)!.Requested);
        var e = _bench.Store.Trail().Last();
        Assert.Equal(("withdrawn", Business, (string?)null, Reason, Ana, "d-1"), (e.Action, e.Slot, e.Answer, e.Comment, e.Actor, e.DeliveryId));
        Assert.Equal(3, _bench.Store.Trail().Count());
        Assert.DoesNotContain(Targets, t => t.Slot == Business);
        Assert.Contains(Targets, t => t.Slot == ItOps);
        Assert.Empty(_bench.SignOffs.Pending(Biz));
    }

    [Fact]
    public void Withdraw_RedrawsTheCardsAndTellsTheReleaseChannelsWithTheReason()
    {
        _bench.Register();
        Applied(_bench.SignOffs.RequestFinal(Key, As(Dev)));
        var before = _bench.Store.Notices.Count;

        Applied(_bench.SignOffs.Withdraw(Key, [SlotNames.Final], Reason, As(Dev)));

        var notices = _bench.Store.Notices.Skip(before).ToList();
        Assert.Contains(new CardRefreshNotice(Key.ToString()), notices);
        Assert.All(
            notices.OfType<ChannelStatusNotice>(),
            l => Assert.Equal($"{Key}: {DevName} withdrew the review request on the final approval: \"{Reason}\". State: not-started.", l.Text));
        Assert.Equal(2, notices.OfType<ChannelStatusNotice>().Count());
        Assert.Empty(notices.OfType<ReviewRequestNotice>());
        Assert.Empty(Targets);
        Assert.Empty(_bench.SignOffs.Pending(Ben));
    }

    [Fact]
    public void Withdraw_Refused_AppendsNothingAndKeepsTheSlot()
    {
        _bench.Register();
        Applied(_bench.SignOffs.RequestFeedback(Key, [], As(Dev)));

        var result = _bench.SignOffs.Withdraw(Key, [Business], null, As(Dev));

        Expect.Refused(result.Outcome, "reason-required");
        Assert.Equal(2, _bench.Store.Trail().Count());
        Assert.True(_bench.Store.FindItem(Key)!.SignOff.FindSlot(Business)!.Requested);
    }
}
