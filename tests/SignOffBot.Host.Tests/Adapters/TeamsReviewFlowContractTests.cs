using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Teams.Payloads;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.Teams.Flows;

namespace SignOffBot.Host.Tests.Adapters;

/// <summary>
/// The review flow through Teams: messages to the bot, 1:1 Adaptive Cards, Action.Execute invokes answered with the
/// refreshed card or an error, and every copy redrawn through the connector.
/// </summary>
public sealed class TeamsReviewFlowContractTests : ReviewFlowContract
{
    private static readonly Dictionary<string, (string Id, string Aad, string Name)> Users = new(StringComparer.Ordinal)
    {
        [Owner] = TeamsFixture.Ana,
        [Reviewer] = TeamsFixture.Ben,
        ["rita@example.com"] = TeamsFixture.Rita,
    };

    private readonly Dictionary<string, JsonNode> _lastInvoke = new(StringComparer.Ordinal);
    private TeamsFixture _teams = null!;

    protected override string Outsider => "rita@example.com";

    protected override HostFixture App => _teams.App;

    protected override async Task StartAsync()
    {
        _teams = await TeamsFixture.StartAsync(Configure);
        foreach (var user in Users.Values)
        {
            // The bot learns each person's 1:1 chat when they first write to it.
            Assert.Equal(HttpStatusCode.OK, (await _teams.PostAsync(_teams.Message(user, "pending"))).StatusCode);
        }
    }

    protected override async Task StopAsync() => await _teams.DisposeAsync();

    protected override async Task CommandAsync(string person, string text) =>
        Assert.Equal(HttpStatusCode.OK, (await _teams.PostAsync(_teams.Message(Users[person], text))).StatusCode);

    protected override Task AssertRequestReachedAsync(string person)
    {
        var chat = TeamsFixture.PersonalConversation(Users[person]);
        return _teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId == chat && HasApproveButton(r.BodyText));
    }

    protected override async Task<object> PressAsync(string person, string verb, string slot)
    {
        var press = _teams.Press(Users[person], verb, new JsonObject { ["item"] = Item, ["slot"] = slot });
        _lastInvoke[person] = await _teams.InvokeAsync(press);
        return press;
    }

    protected override Task AssertCardsReachedAsync(string person, string verb, int count)
    {
        var chat = TeamsFixture.PersonalConversation(Users[person]);
        return _teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId == chat && r.BodyText.Contains(verb, StringComparison.Ordinal), count);
    }

    protected override async Task RepeatAsync(object press) =>
        Assert.Equal(HttpStatusCode.OK, (await _teams.PostAsync((Activity)press)).StatusCode);

    protected override Task<string> RefusalShownToAsync(string person)
    {
        var answer = _lastInvoke[person];
        Assert.Equal(400, (int?)answer["statusCode"]);
        return Task.FromResult((string?)answer["value"]!["message"] ?? string.Empty);
    }

    protected override async Task AssertCardRedrawnWithAnswerAsync(string person)
    {
        // The press is answered with the refreshed card, and the copy in the person's chat is updated in place.
        var answer = _lastInvoke[person];
        Assert.Equal(200, (int?)answer["statusCode"]);
        Assert.True(ShowsAnswer(answer["value"]!.ToJsonString()));
        var chat = TeamsFixture.PersonalConversation(Users[person]);
        await _teams.WaitForRequestsAsync(r => r.Method == "PUT" && r.ConversationId == chat && ShowsAnswer(r.BodyText));
    }

    protected override async Task<string> PrivateTextReachedAsync(string person, string fragment)
    {
        var chat = TeamsFixture.PersonalConversation(Users[person]);
        var requests = await _teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId == chat && r.BodyText.Contains(fragment, StringComparison.Ordinal));
        return (string?)JsonNode.Parse(requests.Last(r => r.Method == "POST" && r.ConversationId == chat && r.BodyText.Contains(fragment, StringComparison.Ordinal)).BodyText)!["text"] ?? string.Empty;
    }
}
