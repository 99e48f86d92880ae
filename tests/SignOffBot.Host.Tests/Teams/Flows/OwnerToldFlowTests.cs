using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Slack;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>With Teams and Slack both on: a major issue raised in Teams reaches the item's owner privately in Slack.</summary>
public sealed class OwnerToldFlowTests
{
    private const string Item = "fraud-detection/churn-xgb@7";

    [Fact]
    public async Task MajorIssueInTeams_TheOwnerIsToldPrivatelyInSlack_Once()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        var ben = TeamsFixture.Ben;
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsMessageAsync(ben, "pending")).StatusCode);
        await ApiJson.RegisterAsync(host.Api, "fraud-detection", "churn-xgb", "7", "ana@example.com", "low");
        Assert.Equal(HttpStatusCode.OK, (await host.Api.PostAsync($"/api/v1/items/{Item}/request-feedback", ApiJson.Body(new { by = "ana@example.com" }))).StatusCode);
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        var press = host.Teams.InvokeActivity("adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject
            {
                ["type"] = "Action.Execute",
                ["verb"] = "feedback.major-issue",
                ["data"] = new JsonObject { ["item"] = Item, ["slot"] = "Risk & Compliance", ["commentInput"] = "c", ["c"] = "The drift report is missing" },
            },
            ["trigger"] = "manual",
        }, ben.Id, ben.Aad, ben.Name);
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsActivityAsync(press)).StatusCode);
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        var told = Assert.Single(host.Slack.CallsTo("chat.postMessage"), c => c.Ok && c.Arg("channel") == FakeSlackApi.DmChannelFor("U0ANA") && c.Arg("text")!.Contains("major issue", StringComparison.Ordinal));
        Assert.StartsWith("Ben Okafor raised a major issue on Risk ", told.Arg("text"), StringComparison.Ordinal);
        Assert.Contains("Compliance of your fraud-detection/churn-xgb@7", told.Arg("text"), StringComparison.Ordinal);
        Assert.Contains("The drift report is missing", told.Arg("text"), StringComparison.Ordinal);
    }
}
