using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.Playground;

namespace SignOffBot.Host.Tests.Adapters;

/// <summary>The review flow through the playground: commands and card presses from the page, the page drawn again.</summary>
public sealed class PlaygroundReviewFlowContractTests : ReviewFlowContract
{
    private readonly Dictionary<string, JsonNode> _lastAnswer = new(StringComparer.Ordinal);
    private PlaygroundFixture _playground = null!;

    protected override string Outsider => "dev@example.com";

    protected override HostFixture App => _playground.App;

    protected override Task StartAsync()
    {
        _playground = new PlaygroundFixture(Configure);
        return Task.CompletedTask;
    }

    protected override async Task StopAsync() => await _playground.DisposeAsync();

    protected override async Task CommandAsync(string person, string text)
    {
        Assert.Equal(HttpStatusCode.OK, (await _playground.CommandAsync(person, text)).StatusCode);
        await _playground.DeliverAsync();
    }

    protected override async Task AssertRequestReachedAsync(string person) =>
        Assert.Contains(await OwnCardsAsync(person), card => HasApproveButton(card));

    protected override async Task<object> PressAsync(string person, string verb, string slot)
    {
        var press = (person, Id: Guid.NewGuid().ToString("N"), verb, slot);
        await SendAsync(press);
        return press;
    }

    protected override async Task AssertCardsReachedAsync(string person, string verb, int count)
    {
        // The page draws an item's card once, at its latest copy: earlier copies count by their request lines.
        await _playground.DeliverAsync();
        var page = await _playground.PageAsync(person);
        var final = verb.StartsWith("final.", StringComparison.Ordinal);
        var requests = page["conversations"]!.AsArray()[0]!["lines"]!.AsArray()
            .Select(l => (string?)l!["text"] ?? string.Empty)
            .Count(text => text.StartsWith("Review requested:", StringComparison.Ordinal) && text.Contains("final approval", StringComparison.Ordinal) == final);
        Assert.True(requests >= count, $"{person} was asked {requests} times, not {count}");
        Assert.Contains(await OwnCardsAsync(person), card => card.Contains(verb, StringComparison.Ordinal));
    }

    protected override Task RepeatAsync(object press) => SendAsync(((string, string, string, string))press);

    protected override Task<string> RefusalShownToAsync(string person)
    {
        var answer = _lastAnswer[person];
        Assert.Equal("private", (string?)answer["reply"]);
        return Task.FromResult((string?)answer["text"] ?? string.Empty);
    }

    protected override async Task AssertCardRedrawnWithAnswerAsync(string person)
    {
        await _playground.DeliverAsync();
        Assert.Contains(await OwnCardsAsync(person), card => ShowsAnswer(card));
    }

    private async Task SendAsync((string Person, string Id, string Verb, string Slot) press)
    {
        var data = new JsonObject { ["item"] = Item, ["slot"] = press.Slot };
        var response = await _playground.PressAsync(press.Person, press.Verb, data, press.Id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _lastAnswer[press.Person] = await ApiJson.ReadAsync(response);
    }

    /// <summary>The cards drawn in the person's own conversation with the bot (the page's first).</summary>
    private async Task<List<string>> OwnCardsAsync(string person)
    {
        var page = await _playground.PageAsync(person);
        var own = page["conversations"]!.AsArray()[0]!["lines"]!.AsArray();
        return [.. own.Select(l => l!["card"]).OfType<JsonObject>().Select(c => c.ToJsonString())];
    }

    protected override async Task<string> PrivateTextReachedAsync(string person, string fragment)
    {
        await _playground.DeliverAsync();
        var lines = PlaygroundFixture.Lines(await _playground.PageAsync(person), $"dm:{person}").Select(l => (string?)l!["text"] ?? string.Empty);
        return Assert.Single(lines, text => text.Contains(fragment, StringComparison.Ordinal));
    }
}
