using System.Text.Json.Nodes;
using SignOffBot.Host.AdaptiveCards;

namespace SignOffBot.Host.Tests.AdaptiveCards;

/// <summary>The typed card model serializes to Adaptive Card JSON: exact type strings, camelCase, no nulls.</summary>
public sealed class CardModelTests
{
    [Fact]
    public void Card_HasTypeAndVersionFirst_Version15_AndFullWidth()
    {
        var json = CardJson.ToJsonObject(new AdaptiveCard([new TextBlock("hi")]));

        Assert.Equal(["type", "version", "body", "msteams"], json.Select(p => p.Key));
        Assert.Equal("AdaptiveCard", (string?)json["type"]);
        Assert.Equal("1.5", (string?)json["version"]);
        Assert.Equal("Full", (string?)json["msteams"]!["width"]);
    }

    [Fact]
    public void Elements_UseTheExactTypeStrings_CamelCase_AndLeaveNullsOut()
    {
        var card = new AdaptiveCard(
        [
            new TextBlock("Title") { Style = "heading", Size = TextSize.Large, Weight = TextWeight.Bolder, IsSubtle = true, Wrap = true },
            new FactSet([new Fact("Risk", "high")]),
            new Container([new ColumnSet([new Column([new TextBlock("a")]) { Width = "auto" }])]) { Style = "emphasis", Separator = true, Spacing = Spacing.Medium },
            new InputText("comment-x", "Comment on X") { IsMultiline = true, MaxLength = 2000, IsRequired = true, ErrorMessage = "Say why" },
            new ActionSet(
            [
                new ExecuteAction("Approve", "feedback.approve", new JsonObject { ["item"] = "p/n@1" }) { AssociatedInputs = AssociatedInputs.Auto },
                new OpenUrlAction("Model card", "https://example.com/card"),
            ]),
        ]);

        var json = CardJson.ToJsonObject(card);
        var body = json["body"]!.AsArray();

        SameJson("""{"type":"TextBlock","text":"Title","wrap":true,"style":"heading","size":"Large","weight":"Bolder","isSubtle":true}""", body[0]!);
        SameJson("""{"type":"FactSet","facts":[{"title":"Risk","value":"high"}]}""", body[1]!);
        SameJson("""{"type":"Container","spacing":"Medium","separator":true,"items":[{"type":"ColumnSet","columns":[{"type":"Column","items":[{"type":"TextBlock","text":"a"}],"width":"auto"}]}],"style":"emphasis"}""", body[2]!);
        SameJson("""{"type":"Input.Text","id":"comment-x","label":"Comment on X","isMultiline":true,"isRequired":true,"errorMessage":"Say why","maxLength":2000}""", body[3]!);
        SameJson("""{"type":"ActionSet","actions":[{"type":"Action.Execute","title":"Approve","verb":"feedback.approve","data":{"item":"p/n@1"},"associatedInputs":"Auto"},{"type":"Action.OpenUrl","title":"Model card","url":"https://example.com/card"}]}""", body[4]!);
        Assert.DoesNotContain("null", json.ToJsonString(), StringComparison.Ordinal);
        Assert.All(body, e => Assert.Equal("type", e!.AsObject().First().Key));
    }

    private static void SameJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual.ToJsonString()}");

    [Fact]
    public void Refresh_IsAnExecuteActionWithItsUserIds()
    {
        var card = new AdaptiveCard([]) { Refresh = new Refresh(new ExecuteAction(null, "refresh", new JsonObject { ["item"] = "p/n@1" }), ["29:a"]) };

        var json = CardJson.ToJsonObject(card);

        Assert.Equal("""{"action":{"type":"Action.Execute","verb":"refresh","data":{"item":"p/n@1"}},"userIds":["29:a"]}""", json["refresh"]!.ToJsonString());
    }

    [Fact]
    public void ActionSetOf_SplitsIntoSetsOfAtMostSix()
    {
        var actions = Enumerable.Range(0, 13).Select(i => (CardAction)new OpenUrlAction($"L{i}", $"https://example.com/{i}"));

        Assert.Equal([6, 6, 1], ActionSet.Of(actions).Select(s => s.Actions.Count));
    }

    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("abcdefghij", 10, "abcdefghij")]
    [InlineData("abcdefghijk", 10, "abcdefghi…")]
    [InlineData("abcdefgh🚦x", 10, "abcdefgh…")]
    public void Cut_KeepsAtMostTheLimit_WithAnEllipsis_AndNeverSplitsASurrogatePair(string text, int max, string expected)
    {
        var cut = CardText.Cut(text, max);

        Assert.Equal(expected, cut);
        Assert.True(cut.Length <= max);
    }

    [Fact]
    public void Utf8Bytes_CountsTheCompactJsonWithoutEscapingNonAscii()
    {
        var node = new JsonObject { ["t"] = "é & <b>" };

        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount("""{"t":"é & <b>"}"""), CardJson.Utf8Bytes(node));
    }
}
