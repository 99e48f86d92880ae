using SignOffBot.Testing.Slack;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using SignOffBot.Host.Http;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Slack;
using SignOffBot.Host.Slack.BlockKit;
using SignOffBot.Host.Slack.WebApi;

namespace SignOffBot.Host.Tests.Slack.WebApi;

/// <summary>What each method sends (URL, headers, snake_case JSON fields) and what it makes of Slack's answer.</summary>
public sealed class SlackApiClientTests
{
    private const string JsonUtf8 = "application/json; charset=utf-8";

    private static JsonArray Blocks() => JsonNode.Parse("""
        [{"type":"section","block_id":"head-1","text":{"type":"mrkdwn","text":"*churn-xgb@7* needs your review"}},
         {"type":"actions","block_id":"act-1","elements":[{"type":"button","action_id":"approve","text":{"type":"plain_text","text":"Approve"},"style":"primary","value":"item-1"}]}]
        """)!.AsArray();

    private static JsonObject Modal() => JsonNode.Parse("""
        {"type":"modal","callback_id":"major-issue","title":{"type":"plain_text","text":"Major issue"},
         "blocks":[{"type":"input","block_id":"comment","element":{"type":"plain_text_input","action_id":"text","multiline":true},"label":{"type":"plain_text","text":"Why?"}}],
         "submit":{"type":"plain_text","text":"Send"}}
        """)!.AsObject();

    private static void AssertWrite(SlackRequest call, string method)
    {
        Assert.Equal("POST", call.HttpMethod);
        Assert.Equal("/api/" + method, call.Path);
        Assert.Equal("", call.Query);
        Assert.Equal("Bearer " + WebApiFixture.Token, call.Authorization);
        Assert.Equal(JsonUtf8, call.ContentType);
    }

    [Fact]
    public async Task PostMessage_PostsChannelTextBlocksAndThreadTs_AsJson_AndReturnsChannelAndTs()
    {
        await using var h = await WebApiFixture.StartAsync();
        var blocks = Blocks();

        var (channel, ts) = await h.Client.PostMessageAsync("C0RELEASE", SlackMrkdwn.Plain("Review churn-xgb@7 — é ✓"), blocks, "1699999999.000001", CancellationToken.None);

        Assert.Equal("C0RELEASE", channel);
        Assert.Equal(h.PostedTs, ts);
        var call = Assert.Single(h.Fake.Requests);
        AssertWrite(call, "chat.postMessage");
        var body = call.Json;
        Assert.Equal(["channel", "text", "blocks", "thread_ts"], body.Select(p => p.Key));
        Assert.Equal("C0RELEASE", (string?)body["channel"]);
        Assert.Equal("Review churn-xgb@7 — é ✓", (string?)body["text"]);
        Assert.Equal("1699999999.000001", (string?)body["thread_ts"]);
        Assert.True(JsonNode.DeepEquals(Blocks(), body["blocks"]), body.ToJsonString());

        // The caller's nodes are written, not adopted: they can be sent again.
        Assert.Null(blocks.Parent);
        await h.Client.PostMessageAsync("C0RELEASE", SlackMrkdwn.Plain("again"), blocks, null, CancellationToken.None);
    }

    [Fact]
    public async Task PostMessage_LeavesOutAbsentBlocksAndThread_AndReturnsTheDmChannelSlackChose()
    {
        await using var h = await WebApiFixture.StartAsync();

        var posted = await h.Client.PostMessageAsync("U0ANA", SlackMrkdwn.Plain("Hello"), null, null, CancellationToken.None);

        Assert.Equal((FakeSlackApi.DmChannelFor("U0ANA"), h.PostedTs), posted);
        var body = Assert.Single(h.Fake.Requests).Json;
        Assert.Equal(["channel", "text"], body.Select(p => p.Key));
    }

    [Fact]
    public async Task Update_PostsChannelTsTextAndBlocks()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(SlackAnswer.Ok("""{"ok":true,"channel":"D0ANA","ts":"1700000000.000100"}"""));

        await h.Client.UpdateAsync("D0ANA", "1700000000.000100", SlackMrkdwn.Plain("Approved by Ana"), Blocks(), CancellationToken.None);

        var call = Assert.Single(h.Fake.Requests);
        AssertWrite(call, "chat.update");
        var body = call.Json;
        Assert.Equal(["channel", "ts", "text", "blocks"], body.Select(p => p.Key));
        Assert.Equal("D0ANA", (string?)body["channel"]);
        Assert.Equal("1700000000.000100", (string?)body["ts"]);
        Assert.Equal("Approved by Ana", (string?)body["text"]);
        Assert.True(JsonNode.DeepEquals(Blocks(), body["blocks"]));
    }

    [Fact]
    public async Task PostEphemeral_PostsChannelUserTextAndBlocks()
    {
        await using var h = await WebApiFixture.StartAsync();

        await h.Client.PostEphemeralAsync("C0RELEASE", "U0BEN", SlackMrkdwn.Plain("Only reviewers can answer."), Blocks(), CancellationToken.None);

        var call = Assert.Single(h.Fake.Requests);
        AssertWrite(call, "chat.postEphemeral");
        var body = call.Json;
        Assert.Equal(["channel", "user", "text", "blocks"], body.Select(p => p.Key));
        Assert.Equal("C0RELEASE", (string?)body["channel"]);
        Assert.Equal("U0BEN", (string?)body["user"]);
        Assert.Equal("Only reviewers can answer.", (string?)body["text"]);
    }

    [Fact]
    public async Task OpenConversation_PostsUsers_AndReturnsTheDmChannelId()
    {
        await using var h = await WebApiFixture.StartAsync();

        var dm = await h.Client.OpenConversationAsync("U0ANA", CancellationToken.None);

        Assert.Equal(FakeSlackApi.DmChannelFor("U0ANA"), dm);
        var call = Assert.Single(h.Fake.Requests);
        AssertWrite(call, "conversations.open");
        Assert.Equal("""{"users":"U0ANA"}""", call.Body);
    }

    [Fact]
    public async Task UserInfo_IsAGetWithTheUserInTheQuery_AndMapsTheProfile()
    {
        await using var h = await WebApiFixture.StartAsync();

        var user = await h.Client.UserInfoAsync("U0ANA", CancellationToken.None);

        Assert.Equal(new SlackUser("U0ANA", "Ana Ortiz", "ana.ortiz@example.com") { TimeZone = "Europe/Berlin" }, user);
        var call = Assert.Single(h.Fake.Requests);
        Assert.Equal("GET", call.HttpMethod);
        Assert.Equal("/api/users.info", call.Path);
        Assert.Equal("?user=U0ANA", call.Query);
        Assert.Equal("Bearer " + WebApiFixture.Token, call.Authorization);
        Assert.Equal("", call.Body);
        Assert.Null(call.ContentType);
    }

    [Fact]
    public async Task UserInfo_WithoutEmailScope_HasNoEmail_AndFallsBackToTheDisplayName()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(SlackAnswer.Ok("""{"ok":true,"user":{"id":"U0BOT","name":"deploybot","is_bot":true,"deleted":true,"profile":{"display_name":"Deploy Bot"}}}"""));

        var user = await h.Client.UserInfoAsync("U0BOT", CancellationToken.None);

        Assert.Equal(new SlackUser("U0BOT", "Deploy Bot", null) { IsBot = true, Deleted = true }, user);
    }

    [Fact]
    public async Task UserInfo_IsCachedForAnHourPerUser()
    {
        await using var h = await WebApiFixture.StartAsync();

        var first = await h.Client.UserInfoAsync("U0ANA", CancellationToken.None);
        h.Clock.Advance(TimeSpan.FromMinutes(59));
        var second = await h.Client.UserInfoAsync("U0ANA", CancellationToken.None);
        Assert.Same(first, second);
        Assert.Equal(1, h.Fake.Count("users.info"));

        await h.Client.UserInfoAsync("U0BEN", CancellationToken.None);
        Assert.Equal(2, h.Fake.Count("users.info"));

        h.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var third = await h.Client.UserInfoAsync("U0ANA", CancellationToken.None);
        Assert.Equal(first, third);
        Assert.NotSame(first, third);
        Assert.Equal(3, h.Fake.Count("users.info"));
        Assert.Equal(["?user=U0ANA", "?user=U0BEN", "?user=U0ANA"], h.Fake.Requests.Select(c => c.Query));
    }

    [Fact]
    public async Task UserInfo_AFailedLookupIsNotCached()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(SlackAnswer.Error("user_not_found"));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Client.UserInfoAsync("U0GONE", CancellationToken.None));
        Assert.True(failure.Permanent);
        Assert.Equal("user_not_found", SlackApiException.Find(failure)?.ErrorCode);

        h.Fake.AddUser("U0GONE", "gone@example.com");
        await h.Client.UserInfoAsync("U0GONE", CancellationToken.None);
        Assert.Equal(2, h.Fake.Count("users.info"));
    }

    [Fact]
    public async Task OpenView_PostsTriggerIdAndView_AndReturnsTheViewId()
    {
        await using var h = await WebApiFixture.StartAsync();
        var view = Modal();

        var id = await h.Client.OpenViewAsync("13345224609.738474920.8088930838d88f008e0", view, CancellationToken.None);

        var call = Assert.Single(h.Fake.Requests);
        Assert.Equal((string?)h.Fake.CallsTo("views.open")[0].Response!["view"]!["id"], id);
        AssertWrite(call, "views.open");
        var body = call.Json;
        Assert.Equal(["trigger_id", "view"], body.Select(p => p.Key));
        Assert.Equal("13345224609.738474920.8088930838d88f008e0", (string?)body["trigger_id"]);
        Assert.True(JsonNode.DeepEquals(Modal(), body["view"]));
        Assert.Null(view.Parent);
    }

    [Fact]
    public async Task UpdateView_PostsViewIdViewAndHash_LeavingOutAnAbsentHash()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Always = _ => SlackAnswer.Ok("""{"ok":true,"view":{"id":"V0MODAL1","hash":"156772938.9999999"}}""");

        await h.Client.UpdateViewAsync("V0MODAL1", Modal(), "156772938.1827394", CancellationToken.None);
        await h.Client.UpdateViewAsync("V0MODAL1", Modal(), null, CancellationToken.None);

        var calls = h.Fake.Requests.ToArray();
        Assert.Equal(2, calls.Length);
        AssertWrite(calls[0], "views.update");
        Assert.Equal(["view_id", "view", "hash"], calls[0].Json.Select(p => p.Key));
        Assert.Equal("V0MODAL1", (string?)calls[0].Json["view_id"]);
        Assert.Equal("156772938.1827394", (string?)calls[0].Json["hash"]);
        Assert.True(JsonNode.DeepEquals(Modal(), calls[0].Json["view"]));
        Assert.Equal(["view_id", "view"], calls[1].Json.Select(p => p.Key));
    }

    [Fact]
    public async Task PublishView_PostsUserIdAndTheHomeView_AndTheFakeKeepsItAsTheUsersHome()
    {
        await using var h = await WebApiFixture.StartAsync();
        var home = new JsonObject { ["type"] = "home", ["blocks"] = Blocks() };

        await h.Client.PublishViewAsync("U0BEN", home, CancellationToken.None);
        await h.Client.PublishViewAsync("U0BEN", home, CancellationToken.None);

        var calls = h.Fake.Requests.ToArray();
        Assert.Equal(2, calls.Length);
        AssertWrite(calls[0], "views.publish");
        Assert.Equal(["user_id", "view"], calls[0].Json.Select(p => p.Key));
        Assert.Equal("U0BEN", (string?)calls[0].Json["user_id"]);
        Assert.True(JsonNode.DeepEquals(home, calls[0].Json["view"]));
        Assert.Null(home.Parent);
        Assert.True(JsonNode.DeepEquals(Blocks(), h.Fake.HomeOf("U0BEN")!["blocks"]));
        Assert.Equal((string?)h.Fake.CallsTo("views.publish")[0].Response!["view"]!["id"], (string?)h.Fake.CallsTo("views.publish")[1].Response!["view"]!["id"]);
        Assert.Null(h.Fake.HomeOf("U0ANA"));
    }

    [Fact]
    public async Task PublishView_OfAModal_IsRefusedAsSlackDoes()
    {
        await using var h = await WebApiFixture.StartAsync();

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Client.PublishViewAsync("U0BEN", Modal(), CancellationToken.None));

        Assert.Equal("invalid_arguments", SlackApiException.Find(failure)?.ErrorCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task ApiBaseUrl_WithOrWithoutTrailingSlash_GivesTheSameUrl(string tail)
    {
        await using var h = await WebApiFixture.StartAsync((fake, settings) => settings["Slack:ApiBaseUrl"] = fake.BaseUrl + "/api" + tail);

        await h.Client.OpenConversationAsync("U0ANA", CancellationToken.None);

        Assert.Equal("/api/conversations.open", Assert.Single(h.Fake.Requests).Path);
    }

    [Fact]
    public async Task Respond_PostsTheMessageAsJson_ToTheResponseUrl_WithoutTheToken()
    {
        await using var h = await WebApiFixture.StartAsync();
        var message = new SlackMessage(SlackMrkdwn.Plain("Only reviewers of <item> can answer."), Blocks()) { ResponseType = "in_channel" };

        await h.Client.RespondAsync(h.Fake.BaseUrl + "/response/T01/B02/aBcD3fGh", message, CancellationToken.None);

        var call = Assert.Single(h.Fake.Requests);
        Assert.Equal("POST", call.HttpMethod);
        Assert.Equal("/response/T01/B02/aBcD3fGh", call.Path);
        Assert.Null(call.Authorization);
        Assert.Equal(JsonUtf8, call.ContentType);
        var sent = JsonNode.Parse(call.Body)!.AsObject();
        Assert.Equal(["response_type", "text", "blocks"], sent.Select(p => p.Key));
        Assert.Equal("in_channel", (string?)sent["response_type"]);
        Assert.Equal("Only reviewers of &lt;item&gt; can answer.", (string?)sent["text"]);
        Assert.True(JsonNode.DeepEquals(Blocks(), sent["blocks"]));
    }

    [Fact]
    public async Task Respond_AcceptsAPlainOkAnswer()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(new SlackAnswer(200, "ok", ContentType: "text/plain"));

        await h.Client.RespondAsync(h.Fake.ResponseUrl("1"), new SlackMessage(SlackMrkdwn.Plain("done")), CancellationToken.None);

        Assert.Single(h.Fake.Requests);
    }

    [Fact]
    public void IsAllowedUrl_TakesHttpsAnywhere_AndHttpOnlyOnLoopback()
    {
        Assert.True(SlackApiClient.IsAllowedUrl(new Uri("https://slack.com/api/")));
        Assert.True(SlackApiClient.IsAllowedUrl(new Uri("https://hooks.slack.com/actions/T1/B2/x")));
        Assert.True(SlackApiClient.IsAllowedUrl(new Uri("http://127.0.0.1:5000/api/")));
        Assert.True(SlackApiClient.IsAllowedUrl(new Uri("http://[::1]:5000/api/")));
        Assert.True(SlackApiClient.IsAllowedUrl(new Uri("http://localhost:5000/api/")));
        Assert.False(SlackApiClient.IsAllowedUrl(new Uri("http://slack.com/api/")));
        Assert.False(SlackApiClient.IsAllowedUrl(new Uri("http://10.0.0.5/api/")));
        Assert.False(SlackApiClient.IsAllowedUrl(new Uri("ftp://127.0.0.1/api/")));
        Assert.False(SlackApiClient.IsAllowedUrl(new Uri("file:///tmp/api")));
    }

    [Fact]
    public void AddSlackWebApi_BindsTheSlackSection_AndTimesEachAttemptInsteadOfTheWholeCall()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Slack:SigningSecret"] = "test-secret", ["Slack:BotToken"] = "xoxb-x", ["Slack:ApiBaseUrl"] = "https://slack.example/api/" })
            .Build());
        services.AddSlackWebApi();
        services.AddSlackWebApi();
        using var provider = services.BuildServiceProvider(validateScopes: true);

        var options = provider.GetRequiredService<IOptions<SlackOptions>>().Value;
        Assert.Equal("xoxb-x", options.BotToken);
        Assert.Equal("https://slack.example/api/", options.ApiBaseUrl);
        Assert.NotNull(provider.GetRequiredService<SlackApiClient>());
        Assert.Same(provider.GetRequiredService<SlackUserCache>(), provider.GetRequiredService<SlackUserCache>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());

        var factoryOptions = provider.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get(nameof(SlackApiClient));
        using var client = new HttpClient();
        foreach (var action in factoryOptions.HttpClientActions)
        {
            action(client);
        }

        // The OutboundResilience policy times each attempt (30 s); the client's own timeout would cut the retries short.
        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(30), provider.GetRequiredService<IOptions<OutboundResilienceOptions>>().Value.AttemptTimeout);
    }
}
