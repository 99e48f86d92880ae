using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Reminders;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Playground;

/// <summary>Reminders and bypass requests reach people in the playground as in a chat platform.</summary>
public sealed class PlaygroundNoticeTests
{
    [Fact]
    public async Task AReviewerWhoDoesNotAnswer_IsRemindedInTheirConversation_InTheirWorkingHours()
    {
        await using var host = new PlaygroundFixture(app => app.Settings["Reminders:ScanEvery"] = "1.00:00:00");
        await host.RequestFeedbackAsync(); // Monday 09:00 UTC

        host.App.Time.Advance(TimeSpan.FromHours(25));
        host.App.Services.GetRequiredService<ReminderScanner>().RunDue();
        await host.DeliverAsync();

        // Olga is in Copenhagen: 24 h after the request is Tuesday 10:00 there, inside her working hours.
        var olga = PlaygroundFixture.Lines(await host.PageAsync("ops@example.com"), "dm:ops@example.com").Select(l => (string?)l!["text"]).ToList();
        Assert.Equal(
            [
                $"Review requested: {PlaygroundFixture.Item}, IT & Operations.",
                $"Reminder 1 of 3: your review of {PlaygroundFixture.Item} (IT & Operations) is waiting for your answer. Type: status {PlaygroundFixture.Item}",
            ],
            olga);
        Assert.DoesNotContain(PlaygroundFixture.Lines(await host.PageAsync("ana@example.com"), "dm:ana@example.com"), l => ((string?)l!["text"])!.StartsWith("Reminder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABypassRequest_GivesTheOnCallApproversAGrantDenyCard_AndAGrantIsRecordedOnce()
    {
        await using var host = new PlaygroundFixture();
        await host.RequestFeedbackAsync();

        var requested = await ApiJson.ReadAsync(await host.CommandAsync("ana@example.com", $"bypass {PlaygroundFixture.Item} prod-api --incident INC-311 --hours 4"));
        await host.DeliverAsync();

        Assert.Equal("text", (string?)requested["reply"]);
        var omar = PlaygroundFixture.Lines(await host.PageAsync("oncall@example.com"), "dm:oncall@example.com").Single()!;
        Assert.Equal("Emergency bypass requested.", (string?)omar["text"]);
        var grant = omar["card"]!.ToJsonString();
        Assert.Contains("\"verb\":\"bypass.grant\"", grant, StringComparison.Ordinal);
        var bypassId = System.Text.RegularExpressions.Regex.Match(grant, "\"bypass\":\"(?<id>[^\"]+)\"").Groups["id"].Value;
        Assert.NotEmpty(bypassId);

        var events = await host.AuditCountAsync();
        var granted = await ApiJson.ReadAsync(await host.PressAsync("oncall@example.com", "bypass.grant", new() { ["bypass"] = bypassId }, id: "grant-1"));
        await host.PressAsync("oncall@example.com", "bypass.grant", new() { ["bypass"] = bypassId }, id: "grant-1");

        Assert.Equal("text", (string?)granted["reply"]);
        Assert.StartsWith($"Bypass for {PlaygroundFixture.Item} on prod-api granted by Omar Haddad", (string?)granted["text"], StringComparison.Ordinal);
        Assert.Equal(events + 1, await host.AuditCountAsync());
        var card = PlaygroundFixture.Lines(await host.PageAsync("oncall@example.com"), "dm:oncall@example.com").First()!["card"]!.ToJsonString();
        Assert.DoesNotContain("bypass.grant", card, StringComparison.Ordinal);
        var check = await ApiJson.ReadAsync(await host.Api.GetAsync($"/api/v1/deploy-check?item={PlaygroundFixture.Item}&infrastructure=prod-api"));
        Assert.Equal("allowed", (string?)check["decision"]);
        Assert.Equal(bypassId, (string?)check["bypass"]?["id"]);
    }
}
