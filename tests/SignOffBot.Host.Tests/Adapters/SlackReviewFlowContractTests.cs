using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Slack;
using SignOffBot.Host.Tests.Slack.Flows;

namespace SignOffBot.Host.Tests.Adapters;

/// <summary>The review flow through Slack: slash commands, DMs with Block Kit buttons, ephemeral refusals, chat.update redraws.</summary>
public sealed class SlackReviewFlowContractTests : ReviewFlowContract
{
    private static readonly Dictionary<string, string> Users = new(StringComparer.Ordinal)
    {
        [Owner] = SlackFixture.Ana,
        [Reviewer] = SlackFixture.Ben,
        ["dev@example.com"] = SlackFixture.Dev,
    };

    private SlackFixture _slack = null!;

    protected override string Outsider => "dev@example.com";

    protected override HostFixture App => _slack.App;

    protected override async Task StartAsync() => _slack = await SlackFixture.StartAsync(Configure);

    protected override async Task StopAsync() => await _slack.DisposeAsync();

    protected override Task CommandAsync(string person, string text) => _slack.CommandReplyAsync(Users[person], text);

    protected override async Task AssertRequestReachedAsync(string person)
    {
        var dm = FakeSlackApi.DmChannelFor(Users[person]);
        await _slack.Slack.WaitUntilAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.Arg("channel") == dm && HasApproveButton(c.BodyText)));
    }

    protected override async Task<object> PressAsync(string person, string verb, string slot)
    {
        var user = Users[person];
        var press = SlackFixture.Press(user, verb, new JsonObject { ["item"] = Item, ["slot"] = slot }, channel: FakeSlackApi.DmChannelFor(user));
        Assert.Equal(HttpStatusCode.OK, (await _slack.InteractAsync(press)).StatusCode);
        return press;
    }

    protected override async Task AssertCardsReachedAsync(string person, string verb, int count)
    {
        var dm = FakeSlackApi.DmChannelFor(Users[person]);
        await _slack.Slack.WaitUntilAsync(calls => calls.Count(c => c.Method == "chat.postMessage" && c.Arg("channel") == dm && c.BodyText.Contains(verb, StringComparison.Ordinal)) >= count);
    }

    protected override async Task RepeatAsync(object press) =>
        Assert.Equal(HttpStatusCode.OK, (await _slack.InteractAsync((JsonObject)press)).StatusCode);

    protected override async Task<string> RefusalShownToAsync(string person)
    {
        var user = Users[person];
        var calls = await _slack.Slack.WaitUntilAsync(all => all.Any(c => c.Method == "chat.postEphemeral" && c.Arg("user") == user));
        return calls.Last(c => c.Method == "chat.postEphemeral" && c.Arg("user") == user).Arg("text") ?? string.Empty;
    }

    protected override async Task AssertCardRedrawnWithAnswerAsync(string person)
    {
        var dm = FakeSlackApi.DmChannelFor(Users[person]);
        await _slack.Slack.WaitUntilAsync(calls => calls.Any(c => c.Method == "chat.update" && c.Arg("channel") == dm && ShowsAnswer(c.BodyText)));
    }

    protected override async Task<string> PrivateTextReachedAsync(string person, string fragment)
    {
        var dm = FakeSlackApi.DmChannelFor(Users[person]);
        bool Matches(SlackApiCall c) => c.Method == "chat.postMessage" && c.Arg("channel") == dm && (c.Arg("text") ?? string.Empty).Contains(fragment, StringComparison.Ordinal);
        var calls = await _slack.Slack.WaitUntilAsync(all => all.Any(Matches));
        return calls.Last(Matches).Arg("text")!;
    }
}
