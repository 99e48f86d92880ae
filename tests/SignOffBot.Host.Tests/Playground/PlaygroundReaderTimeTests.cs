using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Outcomes;
using SignOffBot.Host.Reminders;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Playground;

/// <summary>
/// Times in the playground: its cards carry the Adaptive Card DATE/TIME functions (the page's renderer shows them in the
/// browser's time, see the browser walkthrough); a line only one person reads is in their time zone (Ana is in
/// Europe/Paris), a release channel line in UTC; no line or card holds the core's mark.
/// </summary>
public sealed class PlaygroundReaderTimeTests
{
    private const string Item = PlaygroundFixture.Item;
    private const string Ana = "ana@example.com";

    [Fact]
    public async Task PrivateLinesAreInThePersonsZone_ChannelLinesInUtc_CardsInTheReadersTime()
    {
        await using var host = new PlaygroundFixture(app =>
        {
            app.UseSampleGovernance();
            app.Settings["Governance:Projects:0:Policy:Medium:ApprovalValidFor"] = "10.00:00:00";
            app.Settings["Reminders:RecertifyNoticeBefore"] = "2.00:00:00";
        });
        await host.RequestFeedbackAsync(); // Monday 2026-11-23 09:00 UTC, 10:00 in Paris
        await PressAsync(host, "ops@example.com", "feedback.approve", "IT & Operations");
        await PressAsync(host, "ben@example.com", "feedback.approve", "Risk & Compliance");
        await CommandAsync(host, Ana, $"request-final {Item}");
        await PressAsync(host, "chen@example.com", "final.approve", "final");
        var item = await ApiJson.ReadAsync(await host.Api.GetAsync($"/api/v1/items/{Item}"));
        var approvedAt = DateTimeOffset.Parse((string)item["signOff"]!["final"]!["decision"]!["at"]!, System.Globalization.CultureInfo.InvariantCulture);

        await CommandAsync(host, Ana, $"audit {Item}");
        var answer = await ApiJson.ReadAsync(await host.CommandAsync(Ana, $"deploy-check {Item} prod-api"));
        await CommandAsync(host, Ana, $"deploy-check {Item} prod-api", "channel:fraud-detection");
        foreach (var days in new[] { 8.5, 2 })
        {
            // The owner is told before the approval expires, then when it has.
            host.App.Time.Advance(TimeSpan.FromDays(days));
            host.App.Services.GetRequiredService<ReminderScanner>().RunDue();
            await host.DeliverAsync();
        }

        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var page = await host.PageAsync(Ana);
        var dm = Texts(PlaygroundFixture.Lines(page, "dm:ana@example.com"));
        var channel = Texts(PlaygroundFixture.Lines(page, "channel:fraud-detection"));
        Assert.Contains(dm, t => Regex.IsMatch(t, @"\n#1 2026-11-23 10:00 UTC\+1 Ana Ortiz item-registered"));
        Assert.Contains($"allowed: {Item} was approved by Chen Wei on {Time.Format(approvedAt, paris)}; prod-api (policy prevent) accepts approved items.", dm);
        Assert.Equal($"allowed: {Item} was approved by Chen Wei on {Time.Format(approvedAt, paris)}; prod-api (policy prevent) accepts approved items.", (string?)answer["text"]);
        Assert.Contains($"allowed: {Item} was approved by Chen Wei on {Time.Format(approvedAt)}; prod-api (policy prevent) accepts approved items.", channel);
        Assert.Contains(dm, t => t.StartsWith($"The approval of {Item} expires on {Time.Format(approvedAt.AddDays(10), paris)}.", StringComparison.Ordinal));
        Assert.Contains(dm, t => t.StartsWith($"The approval of your {Item} expired on {Time.Format(approvedAt.AddDays(10), paris)}.", StringComparison.Ordinal));
        Assert.Contains(channel, t => t.StartsWith($"{Item}: the approval expired on {Time.Format(approvedAt.AddDays(10))};", StringComparison.Ordinal));

        var card = PlaygroundFixture.Lines(page, "dm:ana@example.com").Last(l => l!["card"] is not null)!["card"]!.ToJsonString();
        var at = approvedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"{{{{DATE({at}, SHORT)}}}} {{{{TIME({at})}}}}", card, StringComparison.Ordinal);
        foreach (var person in new[] { Ana, "ops@example.com", "ben@example.com", "chen@example.com" })
        {
            var shown = await host.PageAsync(person);
            Assert.False(Strings(shown).Any(ReaderTime.HasMarks), shown.ToJsonString());
        }
    }

    private static async Task CommandAsync(PlaygroundFixture host, string person, string text, string? conversation = null)
    {
        Assert.Equal(HttpStatusCode.OK, (await host.CommandAsync(person, text, conversation)).StatusCode);
        await host.DeliverAsync();
    }

    private static async Task PressAsync(PlaygroundFixture host, string person, string verb, string slot)
    {
        var answer = await ApiJson.ReadAsync(await host.PressAsync(person, verb, PlaygroundFixture.ApproveData(slot, "Fine by me")));
        Assert.Equal("card", (string?)answer["reply"]);
        host.App.Time.Advance(TimeSpan.FromMinutes(5));
        await host.DeliverAsync();
    }

    private static List<string> Texts(JsonArray lines) => [.. lines.Select(l => (string?)l!["text"] ?? "")];

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}
