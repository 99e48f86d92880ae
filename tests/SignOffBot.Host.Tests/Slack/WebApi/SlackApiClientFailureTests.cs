using SignOffBot.Testing.Slack;
using Microsoft.Extensions.Options;
using System.Text.Json.Nodes;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Slack.BlockKit;
using SignOffBot.Host.Slack.WebApi;

namespace SignOffBot.Host.Tests.Slack.WebApi;

/// <summary>ok:false codes, 429/5xx retries on the fake clock, refused URLs and what reaches the logs.</summary>
public sealed class SlackApiClientFailureTests
{
    private static Task<(string Channel, string Ts)> Post(WebApiFixture h) =>
        h.Client.PostMessageAsync("C0RELEASE", SlackMrkdwn.Plain("Review churn-xgb@7"), null, null, CancellationToken.None);

    [Theory]
    [InlineData("channel_not_found", true)]
    [InlineData("not_in_channel", true)]
    [InlineData("user_not_found", true)]
    [InlineData("invalid_auth", true)]
    [InlineData("not_authed", true)]
    [InlineData("account_inactive", true)]
    [InlineData("is_archived", true)]
    [InlineData("invalid_blocks", true)]
    [InlineData("msg_too_long", true)]
    [InlineData("expired_trigger_id", true)]
    [InlineData("invalid_trigger_id", true)]
    [InlineData("ratelimited", false)]
    [InlineData("internal_error", false)]
    [InlineData("fatal_error", false)]
    [InlineData("request_timeout", false)]
    [InlineData("service_unavailable", false)]
    [InlineData("some_code_slack_adds_next_year", false)]
    public async Task OkFalse_BecomesASlackApiException_WithTheCodeAndPermanence_WithoutRetryingHere(string code, bool permanent)
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(SlackAnswer.Error(code));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => Post(h));

        Assert.Equal(permanent, failure.Permanent);
        var slack = Assert.IsType<SlackApiException>(failure.InnerException);
        Assert.Same(slack, SlackApiException.Find(failure));
        Assert.Equal(code, slack.ErrorCode);
        Assert.Equal("chat.postMessage", slack.Method);
        Assert.Equal(permanent, slack.Permanent);
        Assert.Equal(permanent, SlackApiException.IsPermanentError(code));
        Assert.Contains(code, failure.Message, StringComparison.Ordinal);
        Assert.Single(h.Fake.Requests);
        Assert.Empty(h.Clock.Waits);
    }

    [Fact]
    public async Task OkFalse_FromViewsOpen_CarriesTheMethod()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(SlackAnswer.Error("expired_trigger_id"));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Client.OpenViewAsync("t-1", new JsonObject { ["type"] = "modal" }, CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Equal(("views.open", "expired_trigger_id"), (SlackApiException.Find(failure)!.Method, SlackApiException.Find(failure)!.ErrorCode));
    }

    [Fact]
    public async Task MissingScope_SaysWhichScopeWasNeeded()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(SlackAnswer.Ok("""{"ok":false,"error":"missing_scope","needed":"im:write","provided":"chat:write,commands"}"""));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Client.OpenConversationAsync("U0ANA", CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("needed 'im:write'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongToken_IsAPermanentInvalidAuth()
    {
        await using var h = await WebApiFixture.StartAsync((_, settings) => settings["Slack:BotToken"] = "xoxb-revoked");

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => Post(h));

        Assert.True(failure.Permanent);
        Assert.Equal("invalid_auth", SlackApiException.Find(failure)?.ErrorCode);
    }

    [Fact]
    public async Task Warnings_AreLogged_AndTheCallSucceeds()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(SlackAnswer.Ok("""{"ok":true,"channel":"C0RELEASE","ts":"1.2","warning":"missing_charset","response_metadata":{"warnings":["missing_charset"]}}"""));

        Assert.Equal(("C0RELEASE", "1.2"), await Post(h));

        Assert.Contains(h.Logs.Lines, l => l.Contains("chat.postMessage answered with warnings: missing_charset", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RateLimitedThenServerError_IsDeliveredOnTheThirdAttempt_AfterWaitsOnTheClock()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(SlackAnswer.RateLimited(1));
        h.Fake.Script.Enqueue(new SlackAnswer(500, "<html>oops</html>", ContentType: "text/html"));

        var start = h.Clock.GetUtcNow();
        var posted = await h.Clock.DriveAsync(Post(h));

        Assert.Equal(("C0RELEASE", h.PostedTs), posted);
        Assert.Equal(3, h.Fake.Count("chat.postMessage"));
        var waits = h.Clock.Waits.ToArray();
        Assert.Equal(2, waits.Length);
        Assert.Equal(TimeSpan.FromSeconds(1), waits[0]);
        Assert.InRange(waits[1], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        Assert.Equal(waits[0] + waits[1], h.Clock.GetUtcNow() - start);
        Assert.Equal(2, h.Logs.Lines.Count(l => l.Contains(" 4380: Slack chat.postMessage to 127.0.0.1 answered", StringComparison.Ordinal)));
        Assert.Contains(h.Logs.Lines, l => l.Contains("answered 429; retrying in 00:00:01 (attempt 1 of 3)", StringComparison.Ordinal));
        Assert.Contains(h.Logs.Lines, l => l.Contains("answered 500; retrying in", StringComparison.Ordinal) && l.Contains("(attempt 2 of 3)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALongRetryAfter_IsHandedBackAtOnce_AsATransientFailure()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(SlackAnswer.RateLimited(30));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => Post(h));

        Assert.False(failure.Permanent);
        Assert.Equal(TimeSpan.FromSeconds(30), failure.RetryAfter);
        Assert.Null(SlackApiException.Find(failure));
        Assert.Single(h.Fake.Requests);
        Assert.Empty(h.Clock.Waits);
    }

    [Fact]
    public async Task RateLimitedEveryTime_GivesUpAfterThreeAttempts_WithTheRetryAfter()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Always = _ => SlackAnswer.RateLimited(2);

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Clock.DriveAsync(Post(h)));

        Assert.False(failure.Permanent);
        Assert.Equal(TimeSpan.FromSeconds(2), failure.RetryAfter);
        Assert.Equal(3, h.Fake.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], h.Clock.Waits);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task ServerErrorsEveryTime_GiveUpAfterThreeAttempts_AsTransient(int status)
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Always = _ => new SlackAnswer(status, "upstream trouble", ContentType: "text/plain");

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Clock.DriveAsync(h.Client.UpdateAsync("C0RELEASE", "1.2", SlackMrkdwn.Plain("x"), null, CancellationToken.None)));

        Assert.False(failure.Permanent);
        Assert.Null(failure.RetryAfter);
        Assert.Equal(3, h.Fake.Count("chat.update"));
        var waits = h.Clock.Waits.ToArray();
        Assert.Equal(2, waits.Length);
        Assert.InRange(waits[0], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.25));
        Assert.InRange(waits[1], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        Assert.Contains(h.Logs.Lines, l => l.Contains(" 4381: ", StringComparison.Ordinal) && l.Contains("after 3 attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OtherHttpStatuses_ArePermanent_AndNotRetried()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(new SlackAnswer(404, "not found", ContentType: "text/plain"));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => Post(h));

        Assert.True(failure.Permanent);
        Assert.Contains("404", failure.Message, StringComparison.Ordinal);
        Assert.Single(h.Fake.Requests);
    }

    [Fact]
    public async Task Redirects_AreNotFollowed()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Always = call => call.Path.StartsWith("/api/", StringComparison.Ordinal)
            ? new SlackAnswer(307, null, new Dictionary<string, string> { ["Location"] = h.Fake.BaseUrl + "/elsewhere/steal" })
            : null;

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => Post(h));

        Assert.True(failure.Permanent);
        Assert.Equal(["/api/chat.postMessage"], h.Fake.Requests.Select(c => c.Path));
    }

    [Fact]
    public async Task CancellationDuringAWait_IsNotADeliveryFailure()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Always = _ => SlackAnswer.RateLimited(5);
        using var cancel = new CancellationTokenSource();

        var call = h.Client.PostMessageAsync("C0RELEASE", SlackMrkdwn.Plain("x"), null, null, cancel.Token);
        while (h.Clock.Waits.IsEmpty && !call.IsCompleted)
        {
            await Task.Delay(5);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Theory]
    [InlineData("http://slack.com/api/")]
    [InlineData("http://10.0.0.5/api/")]
    [InlineData("ftp://127.0.0.1/api/")]
    [InlineData("slack.com/api")]
    public async Task AnApiBaseUrlThatIsNotHttpsOrLoopback_IsRefused_BeforeAnythingIsSent(string apiBaseUrl)
    {
        await using var h = await WebApiFixture.StartAsync((_, settings) => settings["Slack:ApiBaseUrl"] = apiBaseUrl);

        // The options are checked whenever they are read (and at the host's start): the client never gets this URL.
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => Post(h));
        var lookup = await Assert.ThrowsAsync<OptionsValidationException>(() => h.Client.UserInfoAsync("U0ANA", CancellationToken.None));

        Assert.Contains("Slack:ApiBaseUrl", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Slack:ApiBaseUrl", lookup.Message, StringComparison.Ordinal);
        Assert.Empty(h.Fake.Requests);
    }

    [Fact]
    public async Task WithoutABotToken_NothingIsSent()
    {
        await using var h = await WebApiFixture.StartAsync((_, settings) =>
        {
            settings["Slack:BotToken"] = "";
            settings["Slack:SigningSecret"] = "";
        });

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => Post(h));

        Assert.True(failure.Permanent);
        Assert.Contains("Slack:BotToken", failure.Message, StringComparison.Ordinal);
        Assert.Empty(h.Fake.Requests);
    }

    [Theory]
    [InlineData("http://hooks.slack.com/actions/T1/B2/x")]
    [InlineData("ftp://127.0.0.1/hooks/1")]
    [InlineData("/hooks/1")]
    public async Task Respond_RefusesAResponseUrlThatIsNotHttpsOrLoopback(string responseUrl)
    {
        await using var h = await WebApiFixture.StartAsync();

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Client.RespondAsync(responseUrl, new SlackMessage(SlackMrkdwn.Plain("x")), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Empty(h.Fake.Requests);
    }

    [Fact]
    public async Task Respond_AnExpiredUrl_IsPermanent_WithItsCode()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(new SlackAnswer(404, "expired_url", ContentType: "text/plain"));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Client.RespondAsync(h.Fake.ResponseUrl("1"), new SlackMessage(SlackMrkdwn.Plain("x")), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Equal(("response_url", "expired_url"), (SlackApiException.Find(failure)!.Method, SlackApiException.Find(failure)!.ErrorCode));
    }

    [Fact]
    public async Task Respond_OkFalse_IsASlackApiException()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(SlackAnswer.Error("used_url"));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Client.RespondAsync(h.Fake.ResponseUrl("1"), new SlackMessage(SlackMrkdwn.Plain("x")), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Equal("used_url", SlackApiException.Find(failure)?.ErrorCode);
    }

    [Fact]
    public async Task Respond_RetriesARateLimit()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(SlackAnswer.RateLimited(1));

        await h.Clock.DriveAsync(h.Client.RespondAsync(h.Fake.ResponseUrl("1"), new SlackMessage(SlackMrkdwn.Plain("x")), CancellationToken.None));

        Assert.Equal(2, h.Fake.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1)], h.Clock.Waits);
    }

    [Fact]
    public async Task TheTokenAndTheResponseUrlPath_NeverReachALogLineOrAnExceptionMessage()
    {
        const string HookSecret = "hK9secretPathPart";
        await using var h = await WebApiFixture.StartAsync();
        var messages = new List<string>();

        // A success, retries, an ok:false, a transient give-up, a long Retry-After, a response_url retry and failure.
        await h.Client.PostMessageAsync("C0RELEASE", SlackMrkdwn.Plain("x"), null, null, CancellationToken.None);
        await h.Client.UserInfoAsync("U0ANA", CancellationToken.None);
        h.Fake.Script.Enqueue(SlackAnswer.RateLimited(1));
        h.Fake.Script.Enqueue(new SlackAnswer(503, "busy"));
        h.Fake.Script.Enqueue(SlackAnswer.Ok());
        await h.Clock.DriveAsync(h.Client.UpdateAsync("C0RELEASE", "1.2", SlackMrkdwn.Plain("x"), null, CancellationToken.None));
        h.Fake.Script.Enqueue(SlackAnswer.Error("channel_not_found"));
        messages.Add((await Assert.ThrowsAsync<DeliveryFailedException>(() => Post(h))).ToString());
        h.Fake.Always = _ => new SlackAnswer(502, "bad gateway");
        messages.Add((await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Clock.DriveAsync(Post(h)))).ToString());
        h.Fake.Always = _ => SlackAnswer.RateLimited(60);
        messages.Add((await Assert.ThrowsAsync<DeliveryFailedException>(() => Post(h))).ToString());
        h.Fake.Always = null;
        h.Fake.Script.Enqueue(SlackAnswer.RateLimited(1));
        await h.Clock.DriveAsync(h.Client.RespondAsync($"{h.Fake.BaseUrl}/response/T1/B2/{HookSecret}", new SlackMessage(SlackMrkdwn.Plain("x")), CancellationToken.None));
        h.Fake.Script.Enqueue(new SlackAnswer(404, "expired_url"));
        messages.Add((await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Client.RespondAsync($"{h.Fake.BaseUrl}/response/T1/B2/{HookSecret}", new SlackMessage(SlackMrkdwn.Plain("")), CancellationToken.None))).ToString());

        Assert.NotEmpty(h.Logs.Lines);
        Assert.Contains(h.Logs.Lines, l => l.Contains("Slack response_url to 127.0.0.1 answered 429", StringComparison.Ordinal));
        foreach (var line in h.Logs.Lines.Concat(messages))
        {
            Assert.DoesNotContain(WebApiFixture.Token, line, StringComparison.Ordinal);
            Assert.DoesNotContain("SeCrEtToKeN", line, StringComparison.Ordinal);
            Assert.DoesNotContain(HookSecret, line, StringComparison.Ordinal);
        }
    }
}
