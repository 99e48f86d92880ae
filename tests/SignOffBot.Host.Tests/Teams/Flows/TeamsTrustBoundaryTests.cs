using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Teams.Payloads;
using SignOffBot.Host.Teams.Conversations;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Teams;
using static SignOffBot.Host.Tests.Teams.Flows.TeamsFixture;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>
/// Who may reach the bot through Teams, and who they are taken for: only the <c>msteams</c> channel, only the allowed
/// tenants, people by Entra object id then user principal name (never the roster's e-mail), stored mappings never
/// re-pointed to another Entra object, retried-activity ids scoped by conversation.
/// </summary>
public sealed class TeamsTrustBoundaryTests
{
    private const string Item = "fraud-detection/churn-xgb@7";
    private const string TeamId = "19:team-general@thread.tacv2";
    private const string ForeignTenant = "99999999-9999-9999-9999-999999999999";
    private const string MallorysAad = "00000000-0000-0000-0000-0000000000ff";
    private const string DevsAad = "00000000-0000-0000-0000-000000000dee";
    private static readonly (string Id, string Aad, string Name) Mallory = ("29:1user-mallory", MallorysAad, "Mallory");
    private static readonly (string Id, string Aad, string Name) Dev = ("29:1user-dev", DevsAad, "Dev Patel");

    [Fact]
    public async Task AllowedTenants_AcceptsEachListedTenant_AndOnlyThose()
    {
        await using var teams = await TeamsFixture.StartAsync(app => app.Settings["Teams:AllowedTenants:0"] = ForeignTenant);

        teams.Bot.TenantId = ForeignTenant;
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(Ana, "register fraud-detection churn-xgb@7"))).StatusCode);
        teams.Bot.TenantId = FakeBotFramework.DefaultTenantId;
        Assert.Equal(HttpStatusCode.Forbidden, (await teams.PostAsync(teams.Message(Ana, "register fraud-detection churn-xgb@8"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await teams.Api.GetAsync("/api/v1/items/fraud-detection/churn-xgb@7")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teams.Api.GetAsync("/api/v1/items/fraud-detection/churn-xgb@8")).StatusCode);
    }

    [Fact]
    public async Task AnActivityWhoseObjectIdContradictsTheStoredOne_IsNobody_AndDoesNotRePointTheStoredPerson()
    {
        await using var teams = await TeamsFixture.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(Ana, "help"))).StatusCode);
        var conversations = teams.App.Services.GetRequiredService<SignOffBot.Host.Teams.Conversations.TeamsConversations>();
        Assert.Equal("ana@example.com", conversations.ByUserId(Ana.Id)?.PersonId);

        var impostor = (Ana.Id, "00000000-0000-0000-0000-0000000bad00", Ana.Name);
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(impostor, "register fraud-detection churn-xgb@9"))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await teams.Api.GetAsync("/api/v1/items/fraud-detection/churn-xgb@9")).StatusCode);
        var stored = conversations.ByUserId(Ana.Id);
        Assert.Equal("ana@example.com", stored?.PersonId);
        Assert.Equal(Ana.Aad, stored?.AadObjectId);
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("directline")]
    [InlineData("slack")]
    public async Task AnActivityOfAnotherChannel_SignedByAKeyEndorsedForThatChannel_Is403AndChangesNothing(string channel)
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        // The real key set endorses one key for many channels, so a valid token proves the Bot Framework, not Teams.
        host.Teams.AddKey("many-channels-key", "msteams", "webchat", "directline", "slack");
        var authorization = host.Teams.ChannelAuthorization(host.Teams.ChannelToken(signingKeyId: "many-channels-key"));
        var register = host.Teams.MessageActivity("register fraud-detection churn-xgb@7 --risk low", Ana.Id, Ana.Aad, Ana.Name, channelId: channel);
        var press = host.Teams.InvokeActivity("adaptiveCard/action", Approve("Business"), Bea.Id, Bea.Aad, Bea.Name, channelId: channel);
        var install = host.Teams.BotAddedToTeamActivity(TeamId) with { ChannelId = channel };

        foreach (var activity in new[] { register, press, install })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(host, activity, authorization)).StatusCode);
        }

        await AssertNothingStoredAsync(host, Ana, Bea);

        // The same key and activity on the Teams channel are served: the refusal was the channel's.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, register with { ChannelId = "msteams" }, authorization)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Api.GetAsync($"/api/v1/items/{Item}")).StatusCode);
    }

    [Fact]
    public async Task AnActivityOfATenantNotAllowed_Is403AndChangesNothing_WhateverPlaceTheTenantIsIn()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        var register = host.Teams.MessageActivity("register fraud-detection churn-xgb@7 --risk low", Ana.Id, Ana.Aad, Ana.Name);
        var refused = new[]
        {
            FakeBotFramework.InTenant(register, ForeignTenant),
            // Older payloads carry the tenant only in channelData.
            FakeBotFramework.InTenant(register, null, ForeignTenant),
            // The two places disagree: the foreign one is not overlooked.
            FakeBotFramework.InTenant(register, host.Teams.TenantId, ForeignTenant),
            FakeBotFramework.InTenant(register, ForeignTenant, host.Teams.TenantId),
            // No tenant at all, while the bot is pinned to one.
            FakeBotFramework.InTenant(register, null, null),
            FakeBotFramework.InTenant(host.Teams.InvokeActivity("adaptiveCard/action", Approve("Business"), Bea.Id, Bea.Aad, Bea.Name), ForeignTenant),
            // Installed in a team of another tenant: its roster is not read, the team not remembered.
            FakeBotFramework.InTenant(host.Teams.BotAddedToTeamActivity(TeamId), ForeignTenant),
        };

        foreach (var activity in refused)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await host.TeamsActivityAsync(activity)).StatusCode);
        }

        await AssertNothingStoredAsync(host, Ana, Bea);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(ForeignTenant, StringComparison.Ordinal));

        // The bot's own tenant (Teams:TenantId, the default of Teams:AllowedTenants) is served.
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsActivityAsync(register)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Api.GetAsync($"/api/v1/items/{Item}")).StatusCode);
    }

    [Fact]
    public async Task AllowedTenants_ReplaceTheDefault_TheBotsOwnTenantIsRefusedWhenNotListed()
    {
        await using var host = await TwoPlatformFixture.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Teams:AllowedTenants:0"] = ForeignTenant.ToUpperInvariant(),
        });
        var register = host.Teams.MessageActivity("register fraud-detection churn-xgb@7 --risk low", Ana.Id, Ana.Aad, Ana.Name);

        Assert.Equal(HttpStatusCode.Forbidden, (await host.TeamsActivityAsync(register)).StatusCode);
        await AssertNothingStoredAsync(host, Ana);

        Assert.Equal(HttpStatusCode.OK, (await host.TeamsActivityAsync(FakeBotFramework.InTenant(register, ForeignTenant))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Api.GetAsync($"/api/v1/items/{Item}")).StatusCode);
    }

    [Fact]
    public async Task NoTenantPinned_AnyTenantIsServed_AndTheStartSaysSoWithAWarning()
    {
        await using var host = await TwoPlatformFixture.StartAsync(settings: new Dictionary<string, string?> { ["Teams:TenantId"] = "" });
        var register = host.Teams.MessageActivity("register fraud-detection churn-xgb@7 --risk low", Ana.Id, Ana.Aad, Ana.Name);

        Assert.Equal(HttpStatusCode.OK, (await host.TeamsActivityAsync(FakeBotFramework.InTenant(register, ForeignTenant))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await host.Api.GetAsync($"/api/v1/items/{Item}")).StatusCode);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("any Entra tenant", StringComparison.Ordinal)
            && e.Message.Contains("Teams:AllowedTenants", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APinnedTenant_GivesNoAnyTenantWarning()
    {
        await using var host = await TwoPlatformFixture.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await host.Api.GetAsync("/healthz")).StatusCode);

        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains("any Entra tenant", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARosterEmailEqualToAPersonsAddress_DoesNotMakeThatPerson_NoCardGoesToThem_AndTheyCannotActAsThem()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        // Olga (ops@example.com) reviews IT & Operations and has no Teams object id configured, so only her UPN could
        // name her. Mallory's roster e-mail is Olga's address (a tenant admin can set it to anything); her UPN is hers.
        host.Teams.AddMember(Mallory.Id, Mallory.Aad, Mallory.Name, email: "ops@example.com", userPrincipalName: "mallory@example.com");
        // A UPN names only a person the directory pins to no Entra object: Ben is pinned to his own.
        host.Teams.AddMember("29:1user-eve", "00000000-0000-0000-0000-0000000000ee", "Eve", email: "ben@example.com", userPrincipalName: "ben@example.com");
        host.Teams.ExtraChannels.Add((ReleaseChannel, "Releases"));
        await host.AddBotToTeamAsync(TeamId, ReleaseChannel);
        var conversations = host.App.Services.GetRequiredService<TeamsConversations>();
        Assert.Null(conversations.ByUserId(Mallory.Id)!.PersonId);
        Assert.Null(conversations.User("ops@example.com"));

        await host.RegisterAndRequestFeedbackAsync();
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        Assert.DoesNotContain(host.Teams.ConnectorRequests, r => r.Method == "POST" && r.Path == "/v3/conversations"
            && (string?)r.Body?["members"]?[0]?["id"] == Mallory.Id);
        // Olga still gets her card where she is: Slack.
        Assert.Single(host.Slack.CallsTo("chat.postMessage"), c => c.Ok && c.Arg("channel") == SignOffBot.Testing.Slack.FakeSlackApi.DmChannelFor("U0OPS") && c.Body?["blocks"] is not null);

        // Mallory presses Approve on IT & Operations and writes to the bot: she is nobody in the directory.
        var events = await AuditCountAsync(host);
        var pressed = await PostAsync(host, host.Teams.InvokeActivity("adaptiveCard/action", Approve("IT & Operations"), Mallory.Id, Mallory.Aad, Mallory.Name));
        var answer = JsonNode.Parse(await pressed.Content.ReadAsStringAsync())!;
        Assert.Equal(403, (int?)answer["statusCode"]);
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsMessageAsync(Mallory, "pending")).StatusCode);
        await WaitForReplyAsync(host, Mallory, "know you yet");

        var slot = (await ItemJsonAsync(host))["signOff"]!["feedback"]!.AsArray().Single(s => (string?)s!["category"] == "IT & Operations")!;
        Assert.Empty(slot["answers"]!.AsArray());
        Assert.Equal(events, await AuditCountAsync(host));
        Assert.Null(conversations.User("ops@example.com"));
        Assert.Null(conversations.Personal("ops@example.com"));
        Assert.Null(conversations.ByUserId("29:1user-eve")!.PersonId);
        Assert.DoesNotContain(host.Teams.ConnectorRequests, r => r.Method == "POST" && r.Path == "/v3/conversations"
            && (string?)r.Body?["members"]?[0]?["id"] == "29:1user-eve");
    }

    [Fact]
    public async Task AStoredMapping_IsNotRePointedByAnActivityOfAnotherEntraObject_WhichIsTreatedAsUnknown()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        // Dev has no Teams object id configured: he is known by his UPN, then by what the bot stored.
        host.Teams.AddMember(Dev.Id, Dev.Aad, Dev.Name, "dev@example.com");
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsMessageAsync(Dev, "pending")).StatusCode);
        await WaitForReplyAsync(host, Dev, "");
        var conversations = host.App.Services.GetRequiredService<TeamsConversations>();
        var storedUser = conversations.ByUserId(Dev.Id)!;
        var storedChat = conversations.Personal("dev@example.com")!;
        Assert.Equal(("dev@example.com", Dev.Aad), (storedUser.PersonId, storedUser.AadObjectId));
        Assert.Equal(PersonalConversation(Dev), storedChat.ConversationId);

        // The same Teams user id, another Entra object.
        var impostor = (Dev.Id, MallorysAad, "Dev Patel");
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsMessageAsync(impostor, "register fraud-detection churn-xgb@7 --risk low")).StatusCode);
        // Another Teams user whose member record gives Dev's UPN.
        host.Teams.AddMember(Mallory.Id, Mallory.Aad, Mallory.Name, "dev@example.com");
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsMessageAsync(Mallory, "register fraud-detection churn-xgb@7 --risk low")).StatusCode);
        var pressed = await PostAsync(host, host.Teams.InvokeActivity("adaptiveCard/action", Approve("Business"), Mallory.Id, Mallory.Aad, Mallory.Name));
        Assert.Equal(403, (int?)JsonNode.Parse(await pressed.Content.ReadAsStringAsync())!["statusCode"]);

        await WaitForReplyAsync(host, Mallory, "know you yet");
        Assert.Equal(HttpStatusCode.NotFound, (await host.Api.GetAsync($"/api/v1/items/{Item}")).StatusCode);
        Assert.Equal(0, await AuditCountAsync(host));
        var userAfter = conversations.ByUserId(Dev.Id)!;
        Assert.Equal(("dev@example.com", Dev.Aad), (userAfter.PersonId, userAfter.AadObjectId));
        var chatAfter = conversations.Personal("dev@example.com")!;
        Assert.Equal((PersonalConversation(Dev), Dev.Aad), (chatAfter.ConversationId, chatAfter.AadObjectId));
        Assert.Null(conversations.ByUserId(Mallory.Id)?.PersonId);
        Assert.True(host.Logs.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains(MallorysAad, StringComparison.Ordinal)
            && e.Message.Contains("dev@example.com", StringComparison.Ordinal)) >= 2, string.Join("\n", host.Logs.Entries.Select(e => e.Message)));

        // Dev himself is still Dev.
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsMessageAsync(Dev, "register fraud-detection churn-xgb@7 --risk low")).StatusCode);
        Assert.Equal("dev@example.com", (string?)(await ItemJsonAsync(host))["owner"]);
    }

    [Fact]
    public async Task ReferencesStoredBeforeTheDirectoryOrTheTenantsChanged_AreNotUsedToReachThePerson()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        var conversations = host.App.Services.GetRequiredService<TeamsConversations>();
        var directory = host.App.Services.GetRequiredService<SignOffBot.Core.Governance.IGovernanceSource>().Current;
        // Stored while Ben's directory entry named another Entra object (his old account), and while Chen's chat was
        // in a tenant the bot no longer serves.
        var oldBen = ("29:1user-ben-old", "00000000-0000-0000-0000-0000000b0b01", "Ben Okafor");
        conversations.Remember(host.Teams.MessageActivity("pending", oldBen.Item1, oldBen.Item2, oldBen.Item3, conversationId: "a:1old-ben"),
            directory.FindPerson("ben@example.com"));
        conversations.Remember(FakeBotFramework.InTenant(host.Teams.MessageActivity("pending", Chen.Id, Chen.Aad, Chen.Name, conversationId: "a:1foreign-chen"), ForeignTenant),
            directory.FindPerson("chen@example.com"));
        Assert.Equal("a:1old-ben", conversations.Personal("ben@example.com")!.ConversationId);

        await host.RegisterAndRequestFeedbackAsync();
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        Assert.DoesNotContain(host.Teams.ConnectorRequests, r => r.ConversationId is "a:1old-ben" or "a:1foreign-chen");
        Assert.DoesNotContain(host.Teams.ConnectorRequests, r => r.Method == "POST" && r.Path == "/v3/conversations"
            && (string?)r.Body?["members"]?[0]?["id"] is "29:1user-ben-old" or "29:1user-chen");

        // Ben's account of today writes: his chat replaces the old one. His old account is nobody.
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsMessageAsync(Ben, "pending")).StatusCode);
        var chat = conversations.Personal("ben@example.com")!;
        Assert.Equal((PersonalConversation(Ben), Ben.Aad), (chat.ConversationId, chat.AadObjectId));
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsActivityAsync(host.Teams.MessageActivity("pending", oldBen.Item1, oldBen.Item2, oldBen.Item3, conversationId: "a:1old-ben"))).StatusCode);
        await host.DriveUntilAsync(() => Task.FromResult(host.Teams.ConnectorRequests.Any(r => r.Method == "POST" && r.ConversationId == "a:1old-ben" && r.BodyText.Contains("know you yet", StringComparison.Ordinal))));
        Assert.Equal(PersonalConversation(Ben), conversations.Personal("ben@example.com")!.ConversationId);
    }

    [Fact]
    public async Task TheSameActivityIdInAnotherConversation_IsNotTakenForARetry()
    {
        await using var teams = await TeamsFixture.StartAsync();
        await teams.PostAsync(teams.Message(Ana, "register fraud-detection churn-xgb@7 --risk low"));
        await teams.PostAsync(teams.Message(Ana, "request-feedback fraud-detection/churn-xgb@7"));

        // Teams activity ids are unique within a conversation only: Ben and Bea each press in their own 1:1 chat.
        var ben = teams.Press(Ben, "feedback.approve", Approve("Risk & Compliance")["action"]!["data"]!.DeepClone().AsObject()) with { Id = "1700000000999" };
        var bea = teams.Press(Bea, "feedback.approve", Approve("Business")["action"]!["data"]!.DeepClone().AsObject()) with { Id = "1700000000999" };
        Assert.NotEqual(ben.Conversation!.Id, bea.Conversation!.Id);

        Assert.Equal(200, (int?)(await teams.InvokeAsync(ben))["statusCode"]);
        Assert.Equal(200, (int?)(await teams.InvokeAsync(bea))["statusCode"]);
        // A real retry (same conversation, same id) still records nothing twice.
        var events = await teams.AuditCountAsync();
        Assert.Equal(200, (int?)(await teams.InvokeAsync(bea))["statusCode"]);
        Assert.Equal(events, await teams.AuditCountAsync());

        var feedback = (await teams.ItemAsync(Item))["signOff"]!["feedback"]!.AsArray();
        Assert.Equal("ben@example.com", (string?)feedback.Single(s => (string?)s!["category"] == "Risk & Compliance")!["answers"]![0]!["by"]);
        Assert.Equal("biz@example.com", (string?)Assert.Single(feedback.Single(s => (string?)s!["category"] == "Business")!["answers"]!.AsArray())!["by"]);

        // The same for commands: Rita's message with Ana's message id, in her own chat, is answered and recorded.
        var anas = teams.Message(Ana, "register fraud-detection churn-xgb@8 --risk low") with { Id = "1700000000777" };
        var ritas = teams.Message(Rita, "register credit-scoring score-lgbm@3 --risk low") with { Id = "1700000000777" };
        await teams.PostAsync(anas);
        await teams.PostAsync(ritas);
        Assert.Equal(HttpStatusCode.OK, (await teams.Api.GetAsync("/api/v1/items/fraud-detection/churn-xgb@8")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teams.Api.GetAsync("/api/v1/items/credit-scoring/score-lgbm@3")).StatusCode);
    }

    private static JsonObject Approve(string category) => new()
    {
        ["action"] = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["verb"] = "feedback.approve",
            ["data"] = new JsonObject { ["item"] = Item, ["slot"] = category, ["commentInput"] = "comment", ["comment"] = "fine" },
        },
        ["trigger"] = "manual",
    };

    private static async Task<HttpResponseMessage> PostAsync(TwoPlatformFixture host, Activity activity, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(FakeBotFramework.Json(activity), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization ?? host.Teams.ChannelAuthorization());
        return await host.Http.SendAsync(request);
    }

    /// <summary>Nothing of the refused activities was kept: no item, no audit event, no reference, no reply, no roster read.</summary>
    private static async Task AssertNothingStoredAsync(TwoPlatformFixture host, params (string Id, string Aad, string Name)[] users)
    {
        // A roster read would start off the request path: give it the time to show.
        await Task.Delay(300);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Api.GetAsync($"/api/v1/items/{Item}")).StatusCode);
        Assert.Equal(0, await AuditCountAsync(host));
        var conversations = host.App.Services.GetRequiredService<TeamsConversations>();
        foreach (var user in users)
        {
            Assert.Null(conversations.ByUserId(user.Id));
        }

        Assert.Null(conversations.Personal("ana@example.com"));
        Assert.Null(conversations.Personal("biz@example.com"));
        Assert.Empty(conversations.KnownTeams());
        Assert.Null(conversations.Channel(TeamId));
        Assert.Empty(host.Teams.ConnectorRequests);
    }

    private static async Task<int> AuditCountAsync(TwoPlatformFixture host) =>
        (int)(await ApiJson.ReadAsync(await host.Api.GetAsync("/api/v1/audit/verify")))["events"]!;

    private static async Task<JsonNode> ItemJsonAsync(TwoPlatformFixture host) =>
        await ApiJson.ReadAsync(await host.Api.GetAsync($"/api/v1/items/{Item}"));

    /// <summary>Waits (bounded) for the bot's reply in the user's 1:1 chat containing <paramref name="text"/>.</summary>
    private static async Task WaitForReplyAsync(TwoPlatformFixture host, (string Id, string Aad, string Name) user, string text)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!host.Teams.ConnectorRequests.Any(r => r.Method == "POST" && r.ConversationId == PersonalConversation(user)
            && (r.BodyText.Contains(text, StringComparison.Ordinal))))
        {
            Assert.True(Environment.TickCount64 < deadline, $"no reply containing '{text}' to {user.Id}");
            await Task.Delay(20);
        }
    }
}
