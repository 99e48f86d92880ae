using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Slack;
using FakeBotFramework = SignOffBot.Testing.Teams.FakeBotFramework;

namespace SignOffBot.Host.Tests.Slack.Flows;

/// <summary>
/// The real host with Slack on, its Web API played by <see cref="FakeSlackApi"/> on loopback, requests signed as Slack
/// signs them; Teams is configured too (its Bot Framework played by <see cref="FakeBotFramework"/>), as a company that
/// has both runs it.
/// </summary>
public sealed class SlackFixture : IAsyncDisposable
{
    public const string Item = "fraud-detection/churn-xgb@7";
    public const string ReleaseChannel = "C0RELEASE";
    public const string Ana = "U0ANA", Ben = "U0BEN", Chen = "U0CHEN", Dev = "U0DEV", Ops = "U0OPS";

    private SlackFixture(FakeSlackApi slack, FakeBotFramework teams, HostFixture app)
    {
        Slack = slack;
        Teams = teams;
        App = app;
        slack.WhileWaiting = () => app.Time.Advance(TimeSpan.FromMilliseconds(100));
        Http = app.CreateClient();
        Api = app.CreateClient(HostFixture.AllScopesKey);
        Signer = new SlackSigner(slack.SigningSecret, app.Time);
    }

    public FakeSlackApi Slack { get; }

    /// <summary>The Bot Framework of the Teams side of the same deployment.</summary>
    public FakeBotFramework Teams { get; }

    public HostFixture App { get; }

    public HttpClient Http { get; }

    public HttpClient Api { get; }

    public SlackSigner Signer { get; }

    public static async Task<SlackFixture> StartAsync(Action<HostFixture>? configure = null)
    {
        var slack = await FakeSlackApi.StartAsync();
        var teams = await FakeBotFramework.StartAsync();
        var app = new HostFixture();
        foreach (var (key, value) in slack.Settings().Concat(teams.Settings()))
        {
            app.Settings[key] = value;
        }

        configure?.Invoke(app);

        return new SlackFixture(slack, teams, app);
    }

    public Task<HttpResponseMessage> CommandAsync(string user, string text, string channel = ReleaseChannel, string? triggerId = null) =>
        Http.SendAsync(Signer.CommandRequest(text, user, user.ToLowerInvariant(), channel, "releases", Slack.ResponseUrl(Guid.NewGuid().ToString("N")), triggerId));

    public async Task<JsonNode> CommandReplyAsync(string user, string text, string channel = ReleaseChannel)
    {
        var response = await CommandAsync(user, text, channel);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public static JsonObject Press(string user, string verb, JsonObject value, string? triggerId = null, string channel = "D0DM") => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = user },
        ["trigger_id"] = triggerId ?? SlackSigner.NewTriggerId(),
        ["channel"] = new JsonObject { ["id"] = channel },
        ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = channel },
        ["actions"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = verb, ["value"] = value.ToJsonString(), ["action_ts"] = "1700000000.000100" }),
    };

    /// <summary>
    /// A press of <paramref name="button"/> (an element of a published Home view) on the App Home: the payload carries the
    /// Home view and no channel, as Slack sends it.
    /// </summary>
    public static JsonObject HomePress(string user, JsonNode button, string? triggerId = null) => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = user },
        ["trigger_id"] = triggerId ?? SlackSigner.NewTriggerId(),
        ["container"] = new JsonObject { ["type"] = "view", ["view_id"] = "V0HOME" },
        ["view"] = new JsonObject { ["id"] = "V0HOME", ["type"] = "home", ["callback_id"] = "", ["private_metadata"] = "", ["state"] = new JsonObject { ["values"] = new JsonObject() } },
        ["actions"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = button["action_id"]!.DeepClone(), ["value"] = button["value"]!.DeepClone(), ["action_ts"] = "1700000000.000200" }),
    };

    /// <summary>The <c>app_home_opened</c> event of <paramref name="user"/> opening the <paramref name="tab"/> tab.</summary>
    public static JsonObject AppHomeOpened(string user, string eventId, string tab = "home") => new()
    {
        ["type"] = "event_callback",
        ["team_id"] = FakeSlackApi.TeamId,
        ["event_id"] = eventId,
        ["event_time"] = 1_700_000_000,
        ["event"] = new JsonObject { ["type"] = "app_home_opened", ["user"] = user, ["channel"] = FakeSlackApi.DmChannelFor(user), ["tab"] = tab, ["event_ts"] = "1700000000.000400" },
    };

    public static JsonObject Review(string slot) => new() { ["item"] = Item, ["slot"] = slot };

    /// <summary>A <c>view_submission</c> of the comment modal <paramref name="view"/> (as <c>views.open</c> received it) with <paramref name="comment"/> typed.</summary>
    public static JsonObject Submission(string user, JsonNode view, string comment) => new()
    {
        ["type"] = "view_submission",
        ["user"] = new JsonObject { ["id"] = user },
        ["trigger_id"] = SlackSigner.NewTriggerId(),
        ["view"] = new JsonObject
        {
            ["id"] = "V0MODAL1",
            ["callback_id"] = view["callback_id"]!.DeepClone(),
            ["private_metadata"] = view["private_metadata"]!.DeepClone(),
            ["state"] = new JsonObject { ["values"] = new JsonObject { ["comment"] = new JsonObject { ["comment"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = comment } } } },
        },
    };

    public Task<HttpResponseMessage> InteractAsync(JsonNode payload) => Http.SendAsync(Signer.InteractionRequest(payload));

    public Task<HttpResponseMessage> EventAsync(JsonNode body, int? retryNum = null) => Http.SendAsync(Signer.EventRequest(body, retryNum: retryNum));

    public async Task<JsonNode> ItemAsync() => await ApiJson.ReadAsync(await Api.GetAsync($"/api/v1/items/{Item}"));

    /// <summary>The audit events of <see cref="Item"/>, oldest first.</summary>
    public async Task<JsonArray> AuditAsync() =>
        (await ApiJson.ReadAsync(await Api.GetAsync($"/api/v1/audit?item={Uri.EscapeDataString(Item)}"))).AsArray();

    public async Task<int> AuditCountAsync() =>
        (int)(await ApiJson.ReadAsync(await Api.GetAsync("/api/v1/audit/verify")))["events"]!;

    public static JsonNode Slot(JsonNode item, string category) =>
        item["signOff"]!["feedback"]!.AsArray().Single(s => (string?)s!["category"] == category)!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Api.Dispose();
        await App.DisposeAsync();
        await Slack.DisposeAsync();
        await Teams.DisposeAsync();
    }
}
