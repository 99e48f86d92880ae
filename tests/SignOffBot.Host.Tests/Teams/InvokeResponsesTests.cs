using SignOffBot.Host.Teams;
using System.Text.Json.Nodes;
using SignOffBot.Host.AdaptiveCards;

namespace SignOffBot.Host.Tests.Teams;

/// <summary>The adaptiveCard/action invoke response bodies and the message attachment (teams-protocol.md 5.1, 5.3).</summary>
public sealed class InvokeResponsesTests
{
    private static readonly JsonObject Card = CardJson.ToJsonObject(new AdaptiveCard([new TextBlock("hi")]));

    [Fact]
    public void Card_Is200_WithTheAdaptiveCardType_AndTheCardAsValue()
    {
        var response = InvokeResponses.Card(Card);

        Assert.Equal(
            """{"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":""" + Card.ToJsonString() + "}",
            response.ToJsonString());
    }

    [Fact]
    public void Message_Is200_WithTheMessageType_AndTheText()
    {
        Assert.Equal(
            """{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Recorded."}""",
            InvokeResponses.Message("Recorded.").ToJsonString());
    }

    [Fact]
    public void Error_CarriesItsStatusCode_AndCodeAndMessage()
    {
        Assert.Equal(
            """{"statusCode":400,"type":"application/vnd.microsoft.error","value":{"code":"BadRequest","message":"This slot is already answered."}}""",
            InvokeResponses.Error(400, "BadRequest", "This slot is already answered.").ToJsonString());
    }

    [Fact]
    public void Attachment_HasTheAdaptiveCardContentType_AndTheCardAsContent()
    {
        Assert.Equal(
            """{"contentType":"application/vnd.microsoft.card.adaptive","content":""" + Card.ToJsonString() + "}",
            CardAttachment.Of(Card).ToJsonString());
    }

    [Fact]
    public void TheSameCard_CanGoIntoSeveralResponses()
    {
        var first = InvokeResponses.Card(Card);
        var second = CardAttachment.Of(Card);

        Assert.Null(Card.Parent);
        Assert.Equal(first["value"]!.ToJsonString(), second["content"]!.ToJsonString());
    }
}
