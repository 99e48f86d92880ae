using SignOffBot.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Outbox;
using SignOffBot.Testing.Slack;
using SignOffBot.Testing.Teams;
using TeamsActivity = SignOffBot.Host.Teams.Payloads.Activity;

namespace SignOffBot.Host.Tests.Infrastructure;

/// <summary>
/// The real host as a company with both runs it: Teams (its Bot Framework played by <see cref="FakeBotFramework"/>) and
/// Slack (its Web API played by <see cref="FakeSlackApi"/>) configured at once, requests signed as each platform signs
/// them, the host's logs recorded.
/// </summary>
internal sealed class TwoPlatformFixture : IAsyncDisposable
{
    public const string SlackReleaseChannel = "C0RELEASE";

    private readonly bool _ownsFakes;

    private TwoPlatformFixture(FakeBotFramework teams, FakeSlackApi slack, HostFixture app, TestLogs logs, bool ownsFakes = true)
    {
        _ownsFakes = ownsFakes;
        Logs = logs;
        Teams = teams;
        Slack = slack;
        App = app;
        if (!app.UseSystemClock)
        {
            slack.WhileWaiting = () => app.Time.Advance(TimeSpan.FromMilliseconds(100));
        }
        Http = app.CreateClient();
        Api = app.CreateClient(HostFixture.AllScopesKey);
        Signer = slack.Signer(app.Time);
    }

    public FakeBotFramework Teams { get; }

    public FakeSlackApi Slack { get; }

    public HostFixture App { get; }

    public TestLogs Logs { get; }

    public HttpClient Http { get; }

    public HttpClient Api { get; }

    public SlackSigner Signer { get; }

    public OutboxDispatcher Dispatcher => App.Services.GetRequiredService<OutboxDispatcher>();

    /// <param name="services">Extra services for the host, e.g. a notice sender wrapped by the test.</param>
    /// <param name="systemClock">Runs the host on the real clock (then only the API can be called: the platforms' fakes sign in fake time).</param>
    /// <param name="settings">Configuration over the sample's (e.g. a directory change), applied before the host starts.</param>
    public static async Task<TwoPlatformFixture> StartAsync(Action<IServiceCollection>? services = null, bool systemClock = false, IReadOnlyDictionary<string, string?>? settings = null)
        => Over(await FakeBotFramework.StartAsync(), await FakeSlackApi.StartAsync(), null, services, ownsFakes: true, systemClock, settings);

    /// <summary>A host over <paramref name="databasePath"/> talking to existing fakes (which the caller disposes), as after a restart.</summary>
    public static TwoPlatformFixture Over(FakeBotFramework teams, FakeSlackApi slack, string databasePath) =>
        Over(teams, slack, databasePath, null, ownsFakes: false);

    private static TwoPlatformFixture Over(FakeBotFramework teams, FakeSlackApi slack, string? databasePath, Action<IServiceCollection>? services, bool ownsFakes, bool systemClock = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = new HostFixture(databasePath) { UseSystemClock = systemClock };
        foreach (var (key, value) in teams.Settings().Concat(slack.Settings()).Concat(settings ?? new Dictionary<string, string?>()))
        {
            app.Settings[key] = value;
        }

        var logs = new TestLogs();
        app.ExtraServices.Add(s => s.AddSingleton<ILoggerProvider>(logs));
        if (services is not null)
        {
            app.ExtraServices.Add(services);
        }

        return new TwoPlatformFixture(teams, slack, app, logs, ownsFakes);
    }

    /// <summary>A slash command from <paramref name="slackUser"/> in the release channel; its immediate answer.</summary>
    public async Task<JsonNode> SlackCommandAsync(string slackUser, string text)
    {
        var response = await Http.SendAsync(Signer.CommandRequest(
            text, slackUser, slackUser.ToLowerInvariant(), SlackReleaseChannel, "releases", Slack.ResponseUrl(Guid.NewGuid().ToString("N")), null));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>A signed Slack interaction (a button press, see <c>SlackFixture.Press</c>).</summary>
    public async Task SlackInteractAsync(JsonNode payload)
    {
        var response = await Http.SendAsync(Signer.InteractionRequest(payload));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A personal-chat message from a Teams user, posted to <c>/api/messages</c> with a channel token.</summary>
    public Task<HttpResponseMessage> TeamsMessageAsync((string Id, string Aad, string Name) user, string text) =>
        TeamsActivityAsync(Teams.MessageActivity(text, user.Id, user.Aad, user.Name));

    /// <summary>Any activity, posted to <c>/api/messages</c> as the Bot Framework channel posts it.</summary>
    public async Task<HttpResponseMessage> TeamsActivityAsync(TeamsActivity activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(FakeBotFramework.Json(activity), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(Teams.ChannelAuthorization());
        return await Http.SendAsync(request);
    }

    /// <summary>Registers fraud-detection/churn-xgb@7 (low risk, owner Ana) and requests feedback on every category, over the API.</summary>
    public async Task RegisterAndRequestFeedbackAsync()
    {
        await ApiJson.RegisterAsync(Api, "fraud-detection", "churn-xgb", "7", "ana@example.com", "low");
        var requested = await Api.PostAsync("/api/v1/items/fraud-detection/churn-xgb@7/request-feedback", ApiJson.Body(new { by = "ana@example.com" }));
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
    }

    /// <summary>
    /// Installs the app in a team as Teams tells the bot (<c>conversationUpdate</c>), then waits (bounded) until the bot
    /// has read the team's roster and channels, i.e. until it knows <paramref name="channel"/>.
    /// </summary>
    public async Task AddBotToTeamAsync(string teamId, string channel)
    {
        Assert.Equal(HttpStatusCode.OK, (await TeamsActivityAsync(Teams.BotAddedToTeamActivity(teamId))).StatusCode);
        var conversations = App.Services.GetRequiredService<SignOffBot.Host.Teams.Conversations.TeamsConversations>();
        var deadline = Environment.TickCount64 + 10_000;
        while (conversations.Channel(channel) is null)
        {
            Assert.True(Environment.TickCount64 < deadline, $"team {teamId} was not read within 10 s");
            await Task.Delay(20);
        }
    }

    public async Task<JsonNode> HealthAsync() => await ApiJson.ReadAsync(await Api.GetAsync("/healthz"));

    /// <summary>GET /api/v1/health/details: the unreachable channels and people by name.</summary>
    public async Task<JsonNode> DetailsAsync() => await ApiJson.ReadAsync(await Api.GetAsync("/api/v1/health/details"));

    public async Task<int> WaitingAsync() => (int)(await HealthAsync())["outbox"]!["waiting"]!;

    /// <summary>Drives the outbox until <paramref name="done"/> holds (see <see cref="OutboxDriver"/>).</summary>
    public Task DriveUntilAsync(Func<Task<bool>> done) => OutboxDriver.DriveUntilAsync(App, done);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Api.Dispose();
        await App.DisposeAsync();
        if (_ownsFakes)
        {
            await Slack.DisposeAsync();
            await Teams.DisposeAsync();
        }
    }
}
