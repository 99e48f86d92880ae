using SignOffBot.Testing.Teams;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Teams.Payloads;
using SignOffBot.Host.Teams.Connector;

namespace SignOffBot.Host.Tests.Teams.Connector;

public sealed class BotConnectorClientTests
{
    private const string ChannelThread = "19:abc@thread.tacv2;messageid=1";
    private const string EscapedThread = "19%3Aabc%40thread.tacv2%3Bmessageid%3D1";
    private const string User = "29:1a2b-user";

    private static readonly Activity Card = new()
    {
        Type = "message",
        Summary = "Review requested",
        Attachments =
        [
            new Attachment
            {
                ContentType = Attachment.AdaptiveCardType,
                Content = JsonNode.Parse("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"Review churn-xgb@7"}]}"""),
            },
        ],
    };

    [Fact]
    public async Task Send_PostsTheActivityAsCamelCaseJson_ToTheEscapedConversationPath()
    {
        await using var h = await ConnectorFixture.StartAsync();

        var id = await h.Client.SendToConversationAsync(h.Fake.ServiceUrl, ChannelThread, Card, CancellationToken.None);

        var call = Assert.Single(h.Fake.ConnectorRequests);
        Assert.NotNull(id);
        Assert.Equal(h.Fake.ConnectorRequests[^1].CreatedId, id);
        Assert.Equal("POST", call.Method);
        Assert.Equal($"/connector/v3/conversations/{EscapedThread}/activities", call.RawPath);
        Assert.Equal(ChannelThread, Uri.UnescapeDataString(call.RawPath.Split('/')[4]));
        Assert.Equal("Bearer tok-1", call.Authorization);
        Assert.StartsWith("application/json", call.ContentType, StringComparison.Ordinal);

        var body = JsonNode.Parse(call.BodyText)!.AsObject();
        Assert.Equal(["type", "summary", "attachments"], body.Select(p => p.Key));
        Assert.Equal("message", (string?)body["type"]);
        var attachment = body["attachments"]![0]!.AsObject();
        Assert.Equal(["contentType", "content"], attachment.Select(p => p.Key));
        Assert.Equal("1.5", (string?)attachment["content"]!["version"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task ServiceUrl_WithOrWithoutTrailingSlash_GivesTheSamePath(string tail)
    {
        await using var h = await ConnectorFixture.StartAsync();

        await h.Client.SendToConversationAsync(h.Fake.ServiceUrl.TrimEnd('/') + tail, "a:conv-1", Card, CancellationToken.None);

        Assert.Equal("/connector/v3/conversations/a%3Aconv-1/activities", Assert.Single(h.Fake.ConnectorRequests).RawPath);
    }

    [Fact]
    public async Task Reply_PostsUnderTheRepliedActivity_AndSetsReplyToId()
    {
        await using var h = await ConnectorFixture.StartAsync();

        var id = await h.Client.ReplyToActivityAsync(h.Fake.ServiceUrl, ChannelThread, "1:ab;c", Card, CancellationToken.None);

        var call = Assert.Single(h.Fake.ConnectorRequests);
        Assert.NotNull(id);
        Assert.Equal("POST", call.Method);
        Assert.Equal($"/connector/v3/conversations/{EscapedThread}/activities/1%3Aab%3Bc", call.RawPath);
        Assert.Equal("1:ab;c", (string?)JsonNode.Parse(call.BodyText)!["replyToId"]);
    }

    [Fact]
    public async Task Update_PutsTheActivityAtItsId()
    {
        await using var h = await ConnectorFixture.StartAsync();

        await h.Client.UpdateActivityAsync(h.Fake.ServiceUrl, ChannelThread, "1700000000001", Card, CancellationToken.None);

        var call = Assert.Single(h.Fake.ConnectorRequests);
        Assert.Equal("PUT", call.Method);
        Assert.Equal($"/connector/v3/conversations/{EscapedThread}/activities/1700000000001", call.RawPath);
        Assert.Equal("Bearer tok-1", call.Authorization);
        var body = JsonNode.Parse(call.BodyText)!;
        Assert.Equal("1700000000001", (string?)body["id"]);
        Assert.Equal("message", (string?)body["type"]);
    }

    [Fact]
    public async Task CreatePersonal_CarriesTheTenantInBothPlaces()
    {
        await using var h = await ConnectorFixture.StartAsync();

        var (conversationId, activityId) = await h.Client.CreateConversationAsync(
            h.Fake.ServiceUrl, ConversationParameters.Personal(ConnectorFixture.AppId, User, FakeBotFramework.DefaultTenantId), CancellationToken.None);

        Assert.StartsWith("a:", conversationId, StringComparison.Ordinal);
        Assert.Null(activityId);
        var call = Assert.Single(h.Fake.ConnectorRequests);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/connector/v3/conversations", call.RawPath);
        Assert.Equal("Bearer tok-1", call.Authorization);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$"""
                {
                  "isGroup": false,
                  "bot": { "id": "28:{{ConnectorFixture.AppId}}" },
                  "members": [ { "id": "{{User}}" } ],
                  "tenantId": "{{FakeBotFramework.DefaultTenantId}}",
                  "channelData": { "tenant": { "id": "{{FakeBotFramework.DefaultTenantId}}" } }
                }
                """),
            JsonNode.Parse(call.BodyText)),
            call.BodyText);
    }

    [Fact]
    public async Task CreateChannelThread_PostsTheRootActivityIntoTheChannel()
    {
        await using var h = await ConnectorFixture.StartAsync();
        var channel = "19:fraud-release@thread.tacv2";

        var created = await h.Client.CreateConversationAsync(
            h.Fake.ServiceUrl, ConversationParameters.ChannelThread(ConnectorFixture.AppId, channel, FakeBotFramework.DefaultTenantId, new Activity { Type = "message", Text = "Status" }), CancellationToken.None);

        Assert.Equal($"{channel};messageid={created.ActivityId}", created.ConversationId);
        Assert.NotNull(created.ActivityId);
        var call = Assert.Single(h.Fake.ConnectorRequests);
        Assert.Equal("/connector/v3/conversations", call.RawPath);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$"""
                {
                  "isGroup": true,
                  "bot": { "id": "28:{{ConnectorFixture.AppId}}" },
                  "tenantId": "{{FakeBotFramework.DefaultTenantId}}",
                  "activity": { "type": "message", "text": "Status" },
                  "channelData": { "tenant": { "id": "{{FakeBotFramework.DefaultTenantId}}" }, "channel": { "id": "{{channel}}" } }
                }
                """),
            JsonNode.Parse(call.BodyText)),
            call.BodyText);
    }

    [Fact]
    public async Task GetMember_ReadsObjectIdAsAadObjectId_AndIsNullOn404()
    {
        await using var h = await ConnectorFixture.StartAsync();
        // The connector's wire shape: the Entra object id as objectId.
        h.Fake.Script.Enqueue(new ConnectorAnswer(200, $$"""{"id":"{{User}}","objectId":"aad-ana","givenName":"Ana","surname":"Ortiz","email":"ana@example.com","userPrincipalName":"ana@example.com","tenantId":"{{FakeBotFramework.DefaultTenantId}}","userRole":"user"}"""));

        var member = await h.Client.GetMemberAsync(h.Fake.ServiceUrl, ChannelThread, User, CancellationToken.None);

        Assert.Equal(new TeamsMember(User, "aad-ana", "Ana Ortiz", "ana@example.com", "ana@example.com", FakeBotFramework.DefaultTenantId), member);
        var call = Assert.Single(h.Fake.ConnectorRequests);
        Assert.Equal("GET", call.Method);
        Assert.Equal($"/connector/v3/conversations/{EscapedThread}/members/29%3A1a2b-user", call.RawPath);
        Assert.Equal("Bearer tok-1", call.Authorization);

        h.Fake.Script.Enqueue(new ConnectorAnswer(200, """{"id":"29:x","aadObjectId":"aad-x","objectId":"other","name":"X Y"}"""));
        Assert.Equal(new TeamsMember("29:x", "aad-x", "X Y", null, null, null), await h.Client.GetMemberAsync(h.Fake.ServiceUrl, ChannelThread, "29:x", CancellationToken.None));

        h.Fake.Script.Enqueue(new ConnectorAnswer(404, """{"error":{"code":"MemberNotFoundInConversation","message":"gone"}}"""));
        Assert.Null(await h.Client.GetMemberAsync(h.Fake.ServiceUrl, ChannelThread, "29:gone", CancellationToken.None));
    }

    [Fact]
    public async Task TooManyRequestsThenServerError_IsRetriedOnTheClock_AndDeliveredOnce()
    {
        await using var h = await ConnectorFixture.StartAsync();
        h.Fake.Script.Enqueue(new ConnectorAnswer(429, """{"error":{"code":"Throttled","message":"slow down"}}""", new Dictionary<string, string> { ["Retry-After"] = "1" }));
        h.Fake.Script.Enqueue(new ConnectorAnswer(500, """{"error":{"code":"ServiceError","message":"oops"}}"""));

        var id = await h.Clock.DriveAsync(h.Client.SendToConversationAsync(h.Fake.ServiceUrl, ChannelThread, Card, CancellationToken.None));

        Assert.NotNull(id);
        Assert.Equal(3, h.Fake.ConnectorRequests.Count);
        Assert.Single(h.Fake.TokenRequests);
        var waits = h.Clock.Waits.ToList();
        Assert.Equal(2, waits.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), waits[0]);
        Assert.InRange(waits[1], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        var retries = h.Logs.Lines.Where(l => l.Contains(" 4200: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retries.Count);
        Assert.Contains("429", retries[0], StringComparison.Ordinal);
        Assert.Contains("X-Correlating-OperationId op-", retries[0], StringComparison.Ordinal);
        Assert.Contains("500", retries[1], StringComparison.Ordinal);
        h.AssertNoSecretsLogged();
    }

    [Fact]
    public async Task ServerErrorsForever_GiveATransientFailureAfterThreeAttempts()
    {
        await using var h = await ConnectorFixture.StartAsync();
        h.Fake.Always = _ => new ConnectorAnswer(503, """{"error":{"code":"ServiceUnavailable","message":"down"}}""");

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(
            () => h.Clock.DriveAsync(h.Client.SendToConversationAsync(h.Fake.ServiceUrl, ChannelThread, Card, CancellationToken.None)));

        Assert.False(failure.Permanent);
        Assert.Null(failure.RetryAfter);
        Assert.Equal(BotConnectorClient.MaxAttempts, h.Fake.ConnectorRequests.Count);
        Assert.Equal(2, h.Clock.Waits.Count);
        Assert.Contains("503", failure.Message, StringComparison.Ordinal);
        Assert.Contains("X-Correlating-OperationId", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyRequestsForever_HandsTheLastRetryAfterToTheOutbox()
    {
        await using var h = await ConnectorFixture.StartAsync();
        h.Fake.Always = _ => new ConnectorAnswer(429, null, new Dictionary<string, string> { ["Retry-After"] = "2" });

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(
            () => h.Clock.DriveAsync(h.Client.SendToConversationAsync(h.Fake.ServiceUrl, ChannelThread, Card, CancellationToken.None)));

        Assert.False(failure.Permanent);
        Assert.Equal(TimeSpan.FromSeconds(2), failure.RetryAfter);
        Assert.Equal(3, h.Fake.ConnectorRequests.Count);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], h.Clock.Waits);
    }

    [Fact]
    public async Task TooManyRequestsWithALongWait_IsHandedToTheOutboxAtOnce()
    {
        await using var h = await ConnectorFixture.StartAsync();
        h.Fake.Script.Enqueue(new ConnectorAnswer(429, null, new Dictionary<string, string> { ["Retry-After"] = "120" }));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(
            () => h.Client.SendToConversationAsync(h.Fake.ServiceUrl, ChannelThread, Card, CancellationToken.None));

        Assert.False(failure.Permanent);
        Assert.Equal(TimeSpan.FromSeconds(120), failure.RetryAfter);
        Assert.Single(h.Fake.ConnectorRequests);
        Assert.Empty(h.Clock.Waits);
    }

    [Fact]
    public async Task MessageWritesBlocked_IsPermanentAtOnce()
    {
        await using var h = await ConnectorFixture.StartAsync();
        h.Fake.Script.Enqueue(new ConnectorAnswer(
            403,
            """{"errorCode":209,"message":"{\r\n  \"subCode\": \"MessageWritesBlocked\",\r\n  \"details\": \"Thread is blocked from message writes.\"\r\n}"}"""));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(
            () => h.Client.SendToConversationAsync(h.Fake.ServiceUrl, "a:conv-1", Card, CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Single(h.Fake.ConnectorRequests);
        Assert.Empty(h.Clock.Waits);
        Assert.Contains("MessageWritesBlocked", failure.Message, StringComparison.Ordinal);
        Assert.Contains("blocked or uninstalled the bot", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "BadArgument")]
    [InlineData(403, "BotNotInConversationRoster")]
    [InlineData(404, "ConversationNotFound")]
    [InlineData(413, "MessageSizeTooBig")]
    public async Task ClientErrors_ArePermanentAtOnce(int status, string code)
    {
        await using var h = await ConnectorFixture.StartAsync();
        h.Fake.Script.Enqueue(new ConnectorAnswer(status, $$$"""{"error":{"code":"{{{code}}}","message":"no"}}"""));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(
            () => h.Client.SendToConversationAsync(h.Fake.ServiceUrl, ChannelThread, Card, CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Single(h.Fake.ConnectorRequests);
        Assert.Contains(code, failure.Message, StringComparison.Ordinal);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthorized_Once_RefreshesTheTokenAndRetries()
    {
        await using var h = await ConnectorFixture.StartAsync();
        h.Fake.Script.Enqueue(new ConnectorAnswer(401, """{"message":"Authorization has been denied for this request."}"""));

        var id = await h.Client.SendToConversationAsync(h.Fake.ServiceUrl, ChannelThread, Card, CancellationToken.None);

        Assert.NotNull(id);
        Assert.Equal(2, h.Fake.TokenRequests.Count);
        Assert.Equal(["Bearer tok-1", "Bearer tok-2"], h.Fake.ConnectorRequests.Select(c => c.Authorization));
        Assert.Empty(h.Clock.Waits);
        Assert.Equal("tok-2", await h.Tokens.GetTokenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Unauthorized_AfterTheRefresh_IsPermanent()
    {
        await using var h = await ConnectorFixture.StartAsync();
        h.Fake.Always = _ => new ConnectorAnswer(401, """{"message":"Authorization has been denied for this request."}""");

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(
            () => h.Client.SendToConversationAsync(h.Fake.ServiceUrl, ChannelThread, Card, CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Equal(2, h.Fake.ConnectorRequests.Count);
        Assert.Equal(2, h.Fake.TokenRequests.Count);
    }

    [Theory]
    [InlineData("http://smba.example.com/teams/")]
    [InlineData("ftp://127.0.0.1/teams/")]
    [InlineData("not a url")]
    public async Task ServiceUrl_NotHttpsOrLoopback_IsRefusedWithoutFetchingOrSendingTheToken(string serviceUrl)
    {
        await using var h = await ConnectorFixture.StartAsync();

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(
            () => h.Client.SendToConversationAsync(serviceUrl, ChannelThread, Card, CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("refusing to send the bot's token", failure.Message, StringComparison.Ordinal);
        Assert.Empty(h.Fake.TokenRequests);
        Assert.Empty(h.Fake.ConnectorRequests);
    }

    [Fact]
    public async Task Json_UsesTeamsOptions_NullsLeftOut()
    {
        await using var h = await ConnectorFixture.StartAsync();

        await h.Client.SendToConversationAsync(h.Fake.ServiceUrl, "a:conv-1", new Activity { Type = "message", Text = "hi" }, CancellationToken.None);

        Assert.Equal("""{"type":"message","text":"hi"}""", JsonSerializer.Serialize(JsonNode.Parse(Assert.Single(h.Fake.ConnectorRequests).BodyText)));
    }
}
