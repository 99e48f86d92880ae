using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Outcomes;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary>
/// Times in texts for a chat surface are marked by the core and rendered by each surface for its reader; what also goes
/// to the API or the audit log keeps a UTC copy.
/// </summary>
public sealed class ReaderTimeTests
{
    private static readonly DateTimeOffset Winter = new(2026, 11, 23, 14, 5, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Summer = new(2026, 7, 1, 14, 5, 0, TimeSpan.Zero);

    [Fact]
    public void Mark_CarriesTheUtcTimeToTheSecond()
    {
        Assert.Equal("⟦time:2026-11-23T14:05:00Z⟧", ReaderTime.Mark(Winter));
        Assert.Equal("⟦time:2026-11-23T14:05:00Z⟧", ReaderTime.Mark(Winter.ToOffset(TimeSpan.FromHours(9))));
    }

    [Fact]
    public void InUtc_WritesEveryMarkAsTheUtcTime()
    {
        var text = $"expired on {ReaderTime.Mark(Winter)}, asked again {ReaderTime.Mark(Summer)}.";

        Assert.Equal("expired on 2026-11-23 14:05 UTC, asked again 2026-07-01 14:05 UTC.", ReaderTime.InUtc(text));
    }

    [Theory]
    [InlineData("Europe/Paris", "2026-11-23 15:05 UTC+1", "2026-07-01 16:05 UTC+2")]
    [InlineData("America/Sao_Paulo", "2026-11-23 11:05 UTC-3", "2026-07-01 11:05 UTC-3")]
    [InlineData("Asia/Kolkata", "2026-11-23 19:35 UTC+5:30", "2026-07-01 19:35 UTC+5:30")]
    [InlineData("Europe/London", "2026-11-23 14:05 UTC", "2026-07-01 15:05 UTC+1")]
    [InlineData("UTC", "2026-11-23 14:05 UTC", "2026-07-01 14:05 UTC")]
    public void InZone_WritesTheLocalTimeWithItsOffset(string zone, string winter, string summer)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);

        Assert.Equal($"at {winter}", ReaderTime.InZone($"at {ReaderTime.Mark(Winter)}", tz));
        Assert.Equal($"at {summer}", ReaderTime.InZone($"at {ReaderTime.Mark(Summer)}", tz));
    }

    [Fact]
    public void For_APerson_UsesTheirConfiguredZone_AndUtcForSomeoneUnknown()
    {
        var text = $"expires on {ReaderTime.Mark(Winter)}";

        Assert.Equal("expires on 2026-11-23 15:05 UTC+1", ReaderTime.For(text, Ana, Model));
        Assert.Equal("expires on 2026-11-23 09:05 UTC-5", ReaderTime.For(text, Ben, Model));
        Assert.Equal("expires on 2026-11-23 14:05 UTC", ReaderTime.For(text, "nobody@example.com", Model));
    }

    [Theory]
    [InlineData("no time here")]
    [InlineData("⟦time:2026-13-45⟧ typed by someone")]
    [InlineData("")]
    public void Render_LeavesTextWithoutAWholeMarkAsItIs(string text)
    {
        Assert.Equal(text, ReaderTime.InUtc(text));
    }

    [Fact]
    public void DeployAnswer_ReasonIsUtcForTheApiAndTheAudit_ReaderReasonIsMarkedForChat()
    {
        var answer = DeployGate.Evaluate(InState(SignOffState.Approved), Infrastructure(Prod), null, null, Model);

        Assert.False(ReaderTime.HasMarks(answer.Reason));
        Assert.Contains("on 2026-03-02 10:00 UTC;", answer.Reason, StringComparison.Ordinal);
        Assert.Contains($"on {ReaderTime.Mark(T0.AddHours(1))};", answer.ReaderReason, StringComparison.Ordinal);
        Assert.Equal(answer.Reason, ReaderTime.InUtc(answer.ReaderReason));
    }

    [Fact]
    public void Refusal_MessageIsUtcForTheApi_ReaderMessageIsMarkedForChat()
    {
        var refusal = Rules.BypassAlreadyActive(Winter);

        Assert.Equal("A bypass is already active for this item and infrastructure until 2026-11-23 14:05 UTC.", refusal.Message);
        Assert.Equal($"A bypass is already active for this item and infrastructure until {ReaderTime.Mark(Winter)}.", refusal.ReaderMessage);
        Assert.Equal(refusal.ReaderMessage, Outcome.Refuse(refusal).ReaderMessage);
        Assert.Equal(refusal.Message, Outcome.Refuse(refusal).Message);
    }

    [Fact]
    public void ApprovalExpiry_NoticesMarkTheTime_ForEachReaderToRender()
    {
        var item = InState(SignOffState.Approved);

        var notices = NoticePlanner.ApprovalExpired(item, Winter, Model).Concat(NoticePlanner.ApprovalExpiresSoon(item, Winter, Model)).ToList();

        var texts = notices.OfType<PrivateTextNotice>().Select(n => n.Text).Concat(notices.OfType<ChannelStatusNotice>().Select(n => n.Text)).ToList();
        Assert.NotEmpty(texts);
        Assert.All(texts, t => Assert.Contains(ReaderTime.Mark(Winter), t, StringComparison.Ordinal));
    }
}
