using SignOffBot.Core.Outcomes;
using SignOffBot.Host.AdaptiveCards;

namespace SignOffBot.Host.Tests.AdaptiveCards;

/// <summary>
/// A time the core marked for the reader is shown by the card's client in the reader's own time: the DATE and TIME
/// functions, which only a TextBlock's text supports; a fact shows it in UTC.
/// </summary>
public sealed class CardTimeTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 14, 5, 0, TimeSpan.Zero);

    [Fact]
    public void TextBlock_WritesTheMarkAsDateAndTimeFunctions_AfterMakingTheTextsMarkdownInert()
    {
        var card = CardJson.ToJsonObject(new AdaptiveCard([new TextBlock($"*Evidence* changed on {ReaderTime.Mark(At)} [link](x)")]));

        Assert.Equal(
            @"\*Evidence\* changed on {{DATE(2026-11-23T14:05:00Z, SHORT)}} {{TIME(2026-11-23T14:05:00Z)}} \[link\](x)",
            (string?)card["body"]![0]!["text"]);
    }

    [Fact]
    public void Fact_CannotHoldTheFunctions_SoItShowsTheUtcTime()
    {
        var card = CardJson.ToJsonObject(new AdaptiveCard([new FactSet([new Fact("Expires", ReaderTime.Mark(At))])]));

        Assert.Equal("2026-11-23 14:05 UTC", (string?)card["body"]![0]!["facts"]![0]!["value"]);
    }

    [Fact]
    public void BypassCard_ShowsItsTimesInTextBlocks_NotInItsFacts()
    {
        var bypass = CardScenarios.Bypasses().First(b => b.Name == "granted").Bypass;

        var card = BypassCard.Build(bypass, "Ana Ortiz", "Omar Haddad", CardScenarios.BypassDrawnAt);

        var texts = card["body"]!.AsArray().Where(e => (string?)e!["type"] == "TextBlock").Select(e => (string)e!["text"]!).ToList();
        Assert.Contains(texts, t => t.StartsWith("Requested at {{DATE(", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Granted at {{DATE(", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Expires at {{DATE(", StringComparison.Ordinal));
        var facts = card["body"]!.AsArray().Single(e => (string?)e!["type"] == "FactSet")!["facts"]!.ToJsonString();
        Assert.DoesNotContain("{{", facts, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", facts, StringComparison.Ordinal);
    }
}
