using System.Security.Cryptography;
using System.Text;
using SignOffBot.Core.Audit;

namespace SignOffBot.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static AuditEvent Draft(string action, string? comment = null, int minutes = 0) =>
        new(0, T0.AddMinutes(minutes), "dev@example.com", "http", action, "fraud-detection/churn-xgb@7", null, null, comment, "http", null,
            string.Empty, string.Empty);

    private static List<AuditEvent> Chain(int count)
    {
        var events = new List<AuditEvent>();
        for (var i = 0; i < count; i++)
        {
            events.Add(AuditChain.Link(events.LastOrDefault(), Draft("feedback", $"comment {i + 1}", i)));
        }

        return events;
    }

    [Fact]
    public void GenesisHash_WhenRead_IsSixtyFourZeros()
    {
        Assert.Equal(new string('0', 64), AuditChain.GenesisHash);
    }

    [Fact]
    public void Link_WhenFirstEvent_UsesSixtyFourZerosAsPrevHash()
    {
        var first = AuditChain.Link(null, Draft("item-registered", "model, high risk"));

        Assert.Equal(1, first.Seq);
        Assert.Equal(new string('0', 64), first.PrevHash);
        Assert.Matches("^[0-9a-f]{64}$", first.Hash);
        Assert.Equal(Sha256Hex(new string('0', 64) + "\n" + CanonicalJson.Of(first)), first.Hash);
    }

    [Fact]
    public void HashOf_WhenKnownFirstEvent_MatchesTheIndependentlyComputedHash()
    {
        var first = new AuditEvent(1, T0, "dev@example.com", "http", "item-registered", "fraud-detection/churn-xgb@7", null, null,
            "model, high risk", "http", null, new string('0', 64), string.Empty);

        // Computed with Python's hashlib and json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False).
        Assert.Equal("349a20a3bd677c41bdc27be46cfb274550fb8f18b4ce2fc92ebb714f3c9194dc", AuditChain.HashOf(first));
    }

    [Fact]
    public void HashOf_WhenAwkwardComment_MatchesTheIndependentlyComputedHash()
    {
        var e = new AuditEvent(1, new DateTimeOffset(2026, 3, 2, 9, 15, 30, 123, TimeSpan.FromHours(1)), "ana@example.com", "slack", "feedback",
            "fraud-detection/churn-xgb@7", "IT & Operations", "major-issue",
            "She said \"no\"\nline 2\ttab\r\b\f\u0001\u001f\u007f back\\slash – Zoë 日本 😀", "slack", null, new string('0', 64), string.Empty);

        Assert.Equal("0dd98a6452935d8a6639dff1272bb5ee8e5e253c176361df90a5303731ed39a6", AuditChain.HashOf(e));
    }

    [Fact]
    public void Link_WhenNextEvent_ChainsOnThePreviousHash()
    {
        var events = Chain(2);

        Assert.Equal(2, events[1].Seq);
        Assert.Equal(events[0].Hash, events[1].PrevHash);
        Assert.Equal(Sha256Hex(events[0].Hash + "\n" + CanonicalJson.Of(events[1])), events[1].Hash);
        Assert.Matches("^[0-9a-f]{64}$", events[1].Hash);
    }

    [Fact]
    public void Verify_WhenChainIsIntact_IsOkAndCountsTheEvents()
    {
        Assert.Equal(new AuditVerification(true, 5, null), AuditChain.Verify(Chain(5)));
    }

    [Fact]
    public void Verify_WhenNoEvents_IsOk()
    {
        Assert.Equal(new AuditVerification(true, 0, null), AuditChain.Verify([]));
    }

    [Fact]
    public void Verify_WhenOneCommentIsAltered_NamesThatSequence()
    {
        var events = Chain(5);
        events[2] = events[2] with { Comment = "approved, honestly" };

        Assert.Equal(new AuditVerification(false, 2, 3), AuditChain.Verify(events));
    }

    [Fact]
    public void Verify_WhenFirstEventIsAltered_NamesSequenceOne()
    {
        var events = Chain(3);
        events[0] = events[0] with { Actor = "mallory@example.com" };

        Assert.Equal(new AuditVerification(false, 0, 1), AuditChain.Verify(events));
    }

    [Fact]
    public void Verify_WhenAlteredEventHashIsRecomputed_NamesTheNextSequence()
    {
        var events = Chain(5);
        var forged = events[2] with { Comment = "approved, honestly" };
        events[2] = forged with { Hash = AuditChain.HashOf(forged) };

        Assert.Equal(new AuditVerification(false, 3, 4), AuditChain.Verify(events));
    }

    [Fact]
    public void Verify_WhenAnEventIsRemoved_NamesTheMissingSequence()
    {
        var events = Chain(5);
        events.RemoveAt(2);

        Assert.Equal(new AuditVerification(false, 2, 3), AuditChain.Verify(events));
    }

    [Fact]
    public void Verify_WhenTheLastEventIsAltered_NamesIt()
    {
        var events = Chain(4);
        events[3] = events[3] with { Answer = "approve" };

        Assert.Equal(new AuditVerification(false, 3, 4), AuditChain.Verify(events));
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
