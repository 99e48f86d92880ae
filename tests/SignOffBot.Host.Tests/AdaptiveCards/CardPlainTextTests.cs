using SignOffBot.Testing;
using SignOffBot.Core.Items;
using SignOffBot.Host.AdaptiveCards;
using static SignOffBot.Host.Tests.AdaptiveCards.TeamsMarkdown;

namespace SignOffBot.Host.Tests.AdaptiveCards;

/// <summary>
/// Text on a Teams card is shown as it was typed: Markdown in people's comments (links, emphasis, lists, headings,
/// code, quotes, tables) is neutralised, so a comment can neither disguise a link nor restyle the card.
/// </summary>
public sealed class CardPlainTextTests
{
    public static TheoryData<string> Texts => new()
    {
        "<!channel> <https://evil|docs>",
        "[docs](https://evil)",
        "![pixel](https://evil/x.png) and [ref][1]\n\n[1]: https://evil",
        "**urgent** __now__ _really_ *truly* ~~no~~ `code`",
        "# Approved by the CEO",
        "- one\n- two\n* three",
        "1. one\n2) two",
        "> quoted",
        "| a | b |\n| --- | --- |\n| 1 | 2 |",
        "done\n===",
        "    indented code",
        "```\nfenced\n```",
        "&lt;b&gt; &amp; &#42; &copy;",
        "C:\\temp\\ and a trailing backslash\\",
        "***",
        "+ plus item",
        "<b>bold</b> <script>alert(1)</script> <a@example.com>",
        "fraud-detection/churn_xgb_v2@7 (risk: high) -- ok. 3.5 + 4 = 7.5 & R&D",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void TextBlocksAndFacts_RenderAsTheTextItself(string text)
    {
        var card = CardJson.ToJsonObject(new AdaptiveCard([new TextBlock(text), new FactSet([new Fact(text, text)])]));

        var shown = CardTexts(card).ToList();

        Assert.Equal(3, shown.Count);
        Assert.All(shown, markdown =>
        {
            Assert.Empty(FormattingTags(markdown));
            Assert.Equal(Words(text), Shown(markdown));
        });
    }

    [Fact]
    public void TextWithoutMarkdown_IsSentUnchanged()
    {
        const string Text = "Sign-off: fraud-detection/churn-xgb@7 · Risk & Compliance · 2026-03-02 09:00 UTC (3 of 5 answers shown)";

        var card = CardJson.ToJsonObject(new AdaptiveCard([new TextBlock(Text)]));

        Assert.Equal(Text, Assert.Single(CardTexts(card)));
    }

    [Fact]
    public async Task SignOffCard_WithAMarkdownComment_ShowsItPlain_AndPassesTheValidator()
    {
        const string Comment = "See [the fix](https://evil.example/login) **now**\n# Approved";
        var item = CardScenarios.FeedbackRequested()
            .Answer(CardScenarios.Ben, CardScenarios.RiskCompliance, FeedbackAnswerKind.MinorIssue, Comment, 30);

        var card = SignOffCard.Build(CardScenarios.View(item, CardScenarios.Ops), CardScenarios.OneReviewer);

        var comment = Assert.Single(CardTexts(card), t => Shown(t).Contains("the fix", StringComparison.Ordinal));
        Assert.Empty(FormattingTags(comment));
        Assert.Equal(Words(Comment), Shown(comment));
        var file = Path.Combine(TempFolder.Create(), "markdown-comment-card.json");
        await File.WriteAllTextAsync(file, card.ToJsonString());
        var validation = await CardTools.RunAsync("validate-adaptive-card.mjs", file);
        Assert.True(validation.ExitCode == 0, validation.ToString());
    }
}
