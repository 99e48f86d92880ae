using System.Net;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Playground;
using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Tests.Playground;

/// <summary>
/// The playground is on in Development, or where Playground:Enabled is true; never merely because no platform is
/// configured (it takes the caller's word for who they are).
/// </summary>
public sealed class PlaygroundSwitchTests
{
    private static readonly Dictionary<string, string?> Slack = new()
    {
        ["Slack:SigningSecret"] = "playground-switch-test-secret",
        ["Slack:BotToken"] = "xoxb-playground-switch-test",
    };

    public static TheoryData<string, string?, bool, bool> Cases => new()
    {
        // environment, Playground:Enabled, Slack configured, expected on
        { "Testing", null, false, false },
        { "Production", null, false, false },
        { "Production", null, true, false },
        { "Development", null, true, true },
        { "Development", null, false, true },
        { "Production", "true", true, true },
        { "Development", "false", false, false },
        { "Production", "false", false, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ThePageAndItsEndpoints_ExistOnlyWhenThePlaygroundIsOn(string environment, string? enabled, bool slack, bool on)
    {
        await using var host = new PlaygroundFixture(app =>
        {
            app.EnvironmentName = environment;
            app.Settings.Remove("Playground:Enabled");
            if (enabled is not null)
            {
                app.Settings["Playground:Enabled"] = enabled;
            }

            if (slack)
            {
                foreach (var (key, value) in Slack)
                {
                    app.Settings[key] = value;
                }
            }
        });

        var expected = on ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        Assert.Equal(expected, (await host.Client.GetAsync("/")).StatusCode);
        Assert.Equal(expected, (await host.Client.GetAsync("/playground/api/directory")).StatusCode);
        Assert.Equal(expected, (await host.Client.GetAsync("/playground/vendor/adaptivecards.min.js")).StatusCode);
        Assert.Equal(on ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await host.PageResponseAsync("ana@example.com")).StatusCode);
        var command = await host.CommandAsync("ana@example.com", "register fraud-detection churn-xgb@7");
        Assert.Equal(expected, command.StatusCode);
        Assert.Equal(on, host.App.Services.GetRequiredService<PlaygroundSwitch>().IsOn);
    }

    [Fact]
    public async Task WhenOff_NoticesLeaveNothingInThePlaygroundsConversations()
    {
        await using var host = new PlaygroundFixture(app => app.Settings["Playground:Enabled"] = "false");
        await Infrastructure.ApiJson.RegisterAsync(host.Api, "fraud-detection", "churn-xgb", "7", "ana@example.com");
        var requested = await host.Api.PostAsync($"/api/v1/items/{PlaygroundFixture.Item}/request-feedback", Infrastructure.ApiJson.Body(new { by = "ana@example.com" }));
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);

        await host.DeliverAsync();

        Assert.Empty(host.App.Services.GetRequiredService<LiteDbStorage>().ReadAll<BsonDocument>(PlaygroundTimeline.Collection));
    }
}
