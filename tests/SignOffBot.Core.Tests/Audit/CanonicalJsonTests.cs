using SignOffBot.Core.Audit;

namespace SignOffBot.Core.Tests.Audit;

public sealed class CanonicalJsonTests
{
    private static readonly string Zeros = new('0', 64);

    /// <summary>A comment with a quote, a line feed, a tab, CR, BS, FF, two other control characters, DEL, a backslash and non-ASCII text.</summary>
    private const string AwkwardComment = "She said \"no\"\nline 2\ttab\r\b\f\u0001\u001f\u007f back\\slash – Zoë 日本 😀";

    private static AuditEvent KnownEvent => new(
        1,
        new DateTimeOffset(2026, 3, 2, 9, 15, 30, 123, TimeSpan.FromHours(1)),
        "ana@example.com",
        "slack",
        "feedback",
        "fraud-detection/churn-xgb@7",
        "IT & Operations",
        "major-issue",
        AwkwardComment,
        "slack",
        null,
        Zeros,
        "not part of the canonical form");

    [Fact]
    public void Of_WhenKnownEvent_GivesTheExactCanonicalString()
    {
        // The same bytes as Python's json.dumps(e, sort_keys=True, separators=(',', ':'), ensure_ascii=False).
        const string expected = """{"action":"feedback","actor":"ana@example.com","answer":"major-issue","at":"2026-03-02T08:15:30.123Z","comment":"She said \"no\"\nline 2\ttab\r\b\f\u0001\u001f<DEL> back\\slash – Zoë 日本 😀","deliveryId":null,"item":"fraud-detection/churn-xgb@7","platform":"slack","prevHash":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,"slot":"IT & Operations","source":"slack"}""";

        Assert.Equal(expected.Replace("<DEL>", "\u007f", StringComparison.Ordinal), CanonicalJson.Of(KnownEvent));
    }

    [Fact]
    public void Of_WhenFieldsAreNull_WritesNullAndKeepsEveryKey()
    {
        var e = new AuditEvent(12, new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), "api-key:ci", "http", "deploy-check",
            null, null, null, null, "http", null, Zeros, string.Empty);

        Assert.Equal(
            """{"action":"deploy-check","actor":"api-key:ci","answer":null,"at":"2026-03-02T09:00:00.000Z","comment":null,"deliveryId":null,"item":null,"platform":"http","prevHash":"0000000000000000000000000000000000000000000000000000000000000000","seq":12,"slot":null,"source":"http"}""",
            CanonicalJson.Of(e));
    }

    [Fact]
    public void Of_WhenOnlyHashDiffers_GivesTheSameString()
    {
        Assert.Equal(CanonicalJson.Of(KnownEvent), CanonicalJson.Of(KnownEvent with { Hash = "something else" }));
        Assert.DoesNotContain("\"hash\"", CanonicalJson.Of(KnownEvent), StringComparison.Ordinal);
    }

    [Fact]
    public void Of_WhenAnyOtherFieldDiffers_GivesAnotherString()
    {
        var json = CanonicalJson.Of(KnownEvent);

        Assert.NotEqual(json, CanonicalJson.Of(KnownEvent with { Comment = KnownEvent.Comment + "." }));
        Assert.NotEqual(json, CanonicalJson.Of(KnownEvent with { DeliveryId = "T123" }));
        Assert.NotEqual(json, CanonicalJson.Of(KnownEvent with { Seq = 2 }));
        Assert.NotEqual(json, CanonicalJson.Of(KnownEvent with { PrevHash = new string('1', 64) }));
        Assert.NotEqual(json, CanonicalJson.Of(KnownEvent with { At = KnownEvent.At.AddMilliseconds(1) }));
    }

    [Theory]
    [InlineData(2026, 3, 2, 23, 30, 0, 0, -5, "2026-03-03T04:30:00.000Z")]
    [InlineData(2026, 1, 1, 0, 0, 0, 7, 2, "2025-12-31T22:00:00.007Z")]
    [InlineData(2026, 6, 15, 12, 0, 0, 999, 0, "2026-06-15T12:00:00.999Z")]
    public void FormatTime_WhenAnyOffset_WritesUtcIso8601WithZ(int y, int mo, int d, int h, int mi, int s, int ms, int offsetHours, string expected)
    {
        var at = new DateTimeOffset(y, mo, d, h, mi, s, ms, TimeSpan.FromHours(offsetHours));

        Assert.Equal(expected, CanonicalJson.FormatTime(at));
    }
}
