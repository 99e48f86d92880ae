using SignOffBot.Core.Conversations;
using SignOffBot.Core.Outcomes;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Conversations.ChatFixture;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary><c>audit &lt;item&gt;</c>: the item's audit events, in order, as a person reads them.</summary>
public sealed class AuditCommandTests
{
    private readonly ChatFixture _chat = new();

    [Fact]
    public void Audit_ListsTheItemsEventsInOrder()
    {
        _chat.Register();                                                                    // 09:01
        _chat.RequestFeedback();                                                             // 09:02
        Card(_chat.Press(Ops, ReviewVerb.FeedbackApprove, ItemText, ItOps));                 // 09:03
        _chat.RequestFinal();                                                                // 09:04
        Card(_chat.Press(Ben, ReviewVerb.FinalApprove, ItemText, "final", "Ship it."));      // 09:05
        Text(_chat.Say(Eve, $"deploy-check {ItemText} {Prod}"));                             // 09:06

        var body = Private(_chat.Say(Eve, $"audit {ItemText}"));

        // Each event's time is marked for the reader; the deploy-check's recorded reason (its comment) stays in UTC.
        Assert.StartsWith($"#1 {ReaderTime.Mark(new DateTimeOffset(2026, 3, 2, 9, 1, 0, TimeSpan.Zero))} Dev Kumar item-registered", body.Split('\n')[1], StringComparison.Ordinal);
        Assert.Contains("\"fraud-detection/churn-xgb@7 was approved by Ben Carter on 2026-03-02 09:05 UTC;", body, StringComparison.Ordinal);
        Assert.Equal(
            [
                "Audit of fraud-detection/churn-xgb@7 (6 events):",
                "#1 2026-03-02 09:01 UTC Dev Kumar item-registered \"model, low risk\"",
                "#2 2026-03-02 09:02 UTC Dev Kumar feedback-requested IT & Operations, Risk & Compliance, Business",
                "#3 2026-03-02 09:03 UTC Olu Adeyemi feedback IT & Operations approve",
                "#4 2026-03-02 09:04 UTC Dev Kumar final-approval-requested final",
                "#5 2026-03-02 09:05 UTC Ben Carter final-decision final approve \"Ship it.\"",
                "#6 2026-03-02 09:06 UTC Eve Martin deploy-check prod-api allowed \"fraud-detection/churn-xgb@7 was approved by Ben Carter on 2026-03-02 09:05 UTC; prod-api (policy prevent) accepts approved items.\"",
            ],
            ReaderTime.InUtc(body).Split('\n'));
    }

    [Fact]
    public void Audit_OfALongTrail_FitsOneChatMessage_ShowingTheNewestEventsAndWhereTheRestIs()
    {
        _chat.Register();
        _chat.RequestFeedback();
        for (var i = 0; i < 12; i++)
        {
            Card(_chat.Press(Ops, i % 2 == 0 ? ReviewVerb.FeedbackMinorIssue : ReviewVerb.FeedbackMajorIssue, ItemText, ItOps, new string((char)('a' + i), 1_000)));
        }

        Text(_chat.Say(Eve, $"deploy-check {ItemText} {Prod}"));

        var lines = Private(_chat.Say(Eve, $"audit {ItemText}")).Split('\n');

        Assert.Equal("Audit of fraud-detection/churn-xgb@7 (15 events):", lines[0]);
        Assert.Matches(@"^\(\d+ earlier events not shown here; the whole trail: GET /api/v1/audit\?item=fraud-detection/churn-xgb@7\)$", lines[1]);
        Assert.True(string.Join('\n', lines).Length < 4_000, "one Slack message");
        Assert.StartsWith("#15 ", lines[^1], StringComparison.Ordinal);
        Assert.Contains(" deploy-check prod-api blocked ", lines[^1], StringComparison.Ordinal);
        Assert.EndsWith($" feedback IT & Operations major-issue \"{new string('l', 299)}…\"", lines[^2], StringComparison.Ordinal);
        var left = int.Parse(lines[1][1..lines[1].IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(15, left + lines.Length - 2);
    }

    [Fact]
    public void Audit_RecordsNothingItself()
    {
        _chat.Register();

        Private(_chat.Say(Eve, $"audit {ItemText}"));
        var body = Private(_chat.Say(Eve, $"audit {ItemText}"));

        Assert.StartsWith("Audit of fraud-detection/churn-xgb@7 (1 event):\n#1 ", body, StringComparison.Ordinal);
        Assert.Equal(1, _chat.AuditCount);
    }

    [Fact]
    public void Audit_LeavesOutOtherItemsEvents()
    {
        _chat.Register();
        Card(_chat.Say(Dev, "register fraud-detection churn-xgb@8"));
        _chat.RequestFeedback();
        Card(_chat.Say(Dev, "request-final fraud-detection/churn-xgb@8"));

        var lines = Private(_chat.Say(Dev, $"audit {ItemText}")).Split('\n');

        Assert.Equal("Audit of fraud-detection/churn-xgb@7 (2 events):", lines[0]);
        Assert.StartsWith("#1 ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(" item-registered \"model, low risk\"", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("#3 ", lines[2], StringComparison.Ordinal);
        Assert.Contains(" feedback-requested ", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void Audit_ShowsRefusedActionsNot()
    {
        _chat.Register();
        _chat.RequestFeedback();
        Private(_chat.Press(Eve, ReviewVerb.FeedbackApprove, ItemText, ItOps));
        Private(_chat.Press(Ops, ReviewVerb.FeedbackMinorIssue, ItemText, ItOps));

        Assert.StartsWith("Audit of fraud-detection/churn-xgb@7 (2 events):", Private(_chat.Say(Eve, $"audit {ItemText}")), StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_IncludesTheBypassPath()
    {
        _chat.Register();
        Text(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-311 --hours 4"));
        Text(_chat.Press(OnCall, ReviewVerb.BypassGrant, Assert.Single(_chat.Store.Bypasses).Id));
        Text(_chat.Say(Dev, $"incident-review {ItemText} {Prod} --link https://wiki.example.com/pir/311"));

        var lines = ReaderTime.InUtc(Private(_chat.Say(Dev, $"audit {ItemText}"))).Split('\n');

        Assert.Equal(
            ["item-registered", "bypass-requested", "bypass-granted", "incident-review-closed"],
            lines.Skip(1).Select(l => l.Split(' ')[6]).ToList());
        Assert.Contains(" Oscar Nakamura bypass-granted prod-api \"incident INC-311, until ", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_OfAnUnknownItem_IsAPrivateAnswer()
    {
        Assert.StartsWith("There is no item fraud-detection/churn-xgb@7.", Private(_chat.Say(Eve, $"audit {ItemText}")), StringComparison.Ordinal);
    }
}
