using System.Text;
using System.Text.Json.Nodes;
using SignOffBot.Host.Teams.Payloads;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Teams;
using FakeSlackApi = SignOffBot.Testing.Slack.FakeSlackApi;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>
/// The real host with Teams on, talking to a Bot Framework played by <see cref="FakeBotFramework"/> on loopback; Slack is
/// configured too (its Web API played by <see cref="FakeSlackApi"/>), as a company that has both runs it.
/// </summary>
public sealed class TeamsFixture : IAsyncDisposable
{
    public const string ReleaseChannel = "19:fraud-release@thread.tacv2";

    private TeamsFixture(FakeBotFramework bot, FakeSlackApi slack, HostFixture app)
    {
        Bot = bot;
        Slack = slack;
        App = app;
        slack.WhileWaiting = () => app.Time.Advance(TimeSpan.FromMilliseconds(100));
        Http = app.CreateClient();
        Api = app.CreateClient(HostFixture.AllScopesKey);
    }

    public FakeBotFramework Bot { get; }

    /// <summary>The Slack Web API of the Slack side of the same deployment.</summary>
    public FakeSlackApi Slack { get; }

    public HostFixture App { get; }

    public HttpClient Http { get; }

    public HttpClient Api { get; }

    /// <summary>People of the sample directory as Teams users: (29: id, AAD object id, name).</summary>
    public static readonly (string Id, string Aad, string Name) Ana = ("29:1user-ana", "00000000-0000-0000-0000-00000000a0a0", "Ana Ortiz");
    public static readonly (string Id, string Aad, string Name) Ben = ("29:1user-ben", "00000000-0000-0000-0000-00000000b0b0", "Ben Okafor");
    public static readonly (string Id, string Aad, string Name) Chen = ("29:1user-chen", "00000000-0000-0000-0000-00000000c0c0", "Chen Wei");
    public static readonly (string Id, string Aad, string Name) Bea = ("29:1user-biz", "00000000-0000-0000-0000-00000000e0e0", "Bea Martins");
    public static readonly (string Id, string Aad, string Name) Rita = ("29:1user-rita", "00000000-0000-0000-0000-00000000f0f0", "Rita Gomes");

    public static async Task<TeamsFixture> StartAsync(Action<HostFixture>? configure = null)
    {
        var bot = await FakeBotFramework.StartAsync();
        var slack = await FakeSlackApi.StartAsync();
        var app = new HostFixture();
        foreach (var (key, value) in bot.Settings().Concat(slack.Settings()))
        {
            app.Settings[key] = value;
        }

        configure?.Invoke(app);

        return new TeamsFixture(bot, slack, app);
    }

    public static string PersonalConversation((string Id, string Aad, string Name) user) =>
        $"a:1personal-{user.Id.Replace(":", "-", StringComparison.Ordinal)}";

    public Activity Message((string Id, string Aad, string Name) user, string text, string conversationType = "personal") =>
        Bot.MessageActivity(text, user.Id, user.Aad, user.Name, conversationType: conversationType,
            teamsChannelId: conversationType == "channel" ? ReleaseChannel : null);

    public Activity Press((string Id, string Aad, string Name) user, string verb, JsonObject data, string trigger = "manual") =>
        Bot.InvokeActivity("adaptiveCard/action",
            new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data }, ["trigger"] = trigger },
            user.Id, user.Aad, user.Name);

    public async Task<HttpResponseMessage> PostAsync(Activity activity, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(FakeBotFramework.Json(activity), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization ?? Bot.ChannelAuthorization());
        return await Http.SendAsync(request);
    }

    public async Task<JsonNode> InvokeAsync(Activity activity)
    {
        var response = await PostAsync(activity);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Waits (bounded) until the fake connector has received requests matching <paramref name="match"/>.</summary>
    public async Task<IReadOnlyList<ConnectorRequest>> WaitForRequestsAsync(Func<ConnectorRequest, bool> match, int count = 1)
    {
        var deadline = Environment.TickCount64 + 15_000;
        while (true)
        {
            var found = Bot.ConnectorRequests.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Expected {count} matching connector requests, got {found.Count}. All: {string.Join("\n", Bot.ConnectorRequests.Select(r => $"{r.Method} {r.Path}"))}");
            }

            // The fake clock moves on while waiting, so paced or retried deliveries come due as on a real clock.
            App.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(25);
        }
    }

    public async Task<JsonNode> ItemAsync(string key) =>
        await ApiJson.ReadAsync(await Api.GetAsync($"/api/v1/items/{key}"));

    public async Task<int> AuditCountAsync() =>
        (int)(await ApiJson.ReadAsync(await Api.GetAsync("/api/v1/audit/verify")))["events"]!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Api.Dispose();
        await App.DisposeAsync();
        await Bot.DisposeAsync();
        await Slack.DisposeAsync();
    }
}
