using SignOffBot.Core.Conversations;

namespace SignOffBot.Core.Tests.Conversations;

public sealed class TokenizerTests
{
    [Fact]
    public void Splits_on_any_white_space()
    {
        Assert.Equal(["status", "a/b@1"], Tokenizer.Split(" status \t\n a/b@1\u00A0 "));
    }

    [Fact]
    public void Empty_text_has_no_words()
    {
        Assert.Empty(Tokenizer.Split(string.Empty));
        Assert.Empty(Tokenizer.Split("  \t "));
    }

    [Theory]
    [InlineData("\"Risk & Compliance\"")]
    [InlineData("'Risk & Compliance'")]
    [InlineData("\u201CRisk & Compliance\u201D")]
    [InlineData("\u2018Risk & Compliance\u2019")]
    [InlineData("\"Risk &amp; Compliance\"")]
    [InlineData("Risk&amp;Compliance", "Risk&Compliance")]
    public void Quotes_group_words_and_html_escapes_are_decoded(string text, string expected = "Risk & Compliance")
    {
        Assert.Equal([expected], Tokenizer.Split(text));
    }

    [Fact]
    public void An_unclosed_quote_runs_to_the_end()
    {
        Assert.Equal(["x", "IT & Operations"], Tokenizer.Split("x \"IT & Operations"));
    }

    [Fact]
    public void An_empty_quote_is_an_empty_word()
    {
        Assert.Equal(["x", string.Empty, "y"], Tokenizer.Split("x \"\" y"));
    }

    [Fact]
    public void A_quote_inside_a_word_is_a_letter()
    {
        Assert.Equal(["O'Brien", "it's"], Tokenizer.Split("O'Brien it's"));
    }

    [Theory]
    [InlineData("<https://wiki.example.com/a|the wiki page>", "https://wiki.example.com/a")]
    [InlineData("<https://wiki.example.com/a>", "https://wiki.example.com/a")]
    [InlineData("<https://x.example.com/?a=1&amp;b=2|x>", "https://x.example.com/?a=1&b=2")]
    [InlineData("<mailto:ana@example.com|ana@example.com>", "ana@example.com")]
    [InlineData("<MAILTO:ana@example.com>", "ana@example.com")]
    [InlineData("<@U0ANA|ana>", "<@U0ANA|ana>")]
    [InlineData("<@U0ANA>", "<@U0ANA>")]
    [InlineData("<#C0RELEASE|releases>", "<#C0RELEASE|releases>")]
    [InlineData("<!here>", "<!here>")]
    [InlineData("<at>Ana Ortiz</at>", "<at>Ana Ortiz</at>")]
    [InlineData("<AT>Ana Ortiz</At>", "<AT>Ana Ortiz</At>")]
    public void Slack_escapes_and_teams_mentions_stay_whole(string word, string expected)
    {
        Assert.Equal(["delegate", expected, "x"], Tokenizer.Split($"delegate {word} x"));
    }

    [Fact]
    public void A_slack_escaped_angle_bracket_is_a_literal()
    {
        Assert.Equal(["a<b>"], Tokenizer.Split("a&lt;b&gt;"));
        Assert.Equal(["<b>"], Tokenizer.Split("&lt;b&gt;"));
    }
}
