using SignOffBot.Testing.Teams;
using SignOffBot.Host.Http;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Teams.Payloads;

namespace SignOffBot.Host.Tests.Teams.Connector;

/// <summary>
/// The <see cref="OutboundResilience"/> policy on the Bot Connector and token clients, case by case as on Slack
/// (<c>SlackApiClientResilienceTests</c>): a timed-out attempt is retried, a short Retry-After is waited for inline, a
/// long one is left to the outbox. Attempts time out after <see cref="AttemptTimeout"/> of real time (a call made
/// first warms up the clients and the fake, so the attempt after a timeout has ample time); the waits between
/// attempts are on the harness's fake clock.
/// </summary>
public sealed class BotConnectorClientResilienceTests
{
    private const string Conversation = "a:conv-1";

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);

    /// <summary>For a test where every attempt times out.</summary>
    private static readonly TimeSpan ShortAttemptTimeout = TimeSpan.FromMilliseconds(300);

    /// <summary>Far longer than an attempt may take; the fake stops waiting when the client gives up.</summary>
    private static readonly TimeSpan Stuck = TimeSpan.FromSeconds(20);

    private static readonly Activity Message = new() { Type = "message", Text = "Review churn-xgb@7" };

    private static Task<string?> Send(ConnectorFixture h) =>
        h.Client.SendToConversationAsync(h.Fake.ServiceUrl, Conversation, Message, CancellationToken.None);

    [Fact]
    public async Task AFirstAttemptThatTimesOut_IsRetried_AndSucceeds()
    {
        await using var h = await ConnectorFixture.StartAsync(attemptTimeout: AttemptTimeout);
        await Send(h);
        h.Fake.Script.Enqueue(new ConnectorAnswer(201, """{"id":"act-late"}""", Delay: Stuck));

        var id = await h.Clock.DriveAsync(Send(h));

        Assert.NotNull(id);
        Assert.NotEqual("act-late", id);
        Assert.Equal(1 + 2, h.Fake.ConnectorRequests.Count);
        Assert.Single(h.Fake.TokenRequests);
        var wait = Assert.Single(h.Clock.Waits);
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.25));
        var retry = Assert.Single(h.Logs.Lines, l => l.Contains(" 4200: ", StringComparison.Ordinal));
        Assert.Contains("Bot Connector SendToConversation answered timeout; retrying in", retry, StringComparison.Ordinal);
        Assert.Contains("(attempt 1 of 3", retry, StringComparison.Ordinal);
        h.AssertNoSecretsLogged();
    }

    [Fact]
    public async Task EveryAttemptTimingOut_IsTransient_AfterThreeAttempts()
    {
        await using var h = await ConnectorFixture.StartAsync(attemptTimeout: ShortAttemptTimeout);
        await h.Tokens.GetTokenAsync(CancellationToken.None);
        h.Fake.Always = _ => new ConnectorAnswer(201, """{"id":"act-late"}""", Delay: Stuck);

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Clock.DriveAsync(Send(h)));

        Assert.False(failure.Permanent);
        Assert.Null(failure.RetryAfter);
        Assert.Contains("timeout", failure.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 attempts", failure.Message, StringComparison.Ordinal);
        Assert.Equal(OutboundResilience.MaxAttempts, h.Fake.ConnectorRequests.Count);
        Assert.Equal(2, h.Clock.Waits.Count);
    }

    [Fact]
    public async Task ATokenRequestThatTimesOut_IsRetried_AndTheCallSucceeds()
    {
        await using var h = await ConnectorFixture.StartAsync(attemptTimeout: AttemptTimeout);
        await Send(h);
        h.Tokens.Invalidate();
        h.Fake.TokenScript.Enqueue(new ConnectorAnswer(200, """{"token_type":"Bearer","expires_in":3600,"access_token":"never-issued"}""", Delay: Stuck));

        var id = await h.Clock.DriveAsync(Send(h));

        Assert.NotNull(id);
        Assert.Equal(1 + 2, h.Fake.TokenRequests.Count);
        Assert.Equal(["Bearer tok-1", "Bearer tok-2"], h.Fake.ConnectorRequests.Select(c => c.Authorization));
        Assert.Single(h.Clock.Waits);
        Assert.Contains(h.Logs.Lines, l => l.Contains(" 4210: ", StringComparison.Ordinal) && l.Contains("answered timed out; retrying in", StringComparison.Ordinal));
        h.AssertNoSecretsLogged();
    }

    [Fact]
    public async Task ARateLimitOfOneSecond_IsWaitedForInline_AndSucceeds()
    {
        await using var h = await ConnectorFixture.StartAsync();
        h.Fake.Script.Enqueue(new ConnectorAnswer(429, """{"error":{"code":"Throttled","message":"slow down"}}""", new Dictionary<string, string> { ["Retry-After"] = "1" }));

        var start = h.Clock.GetUtcNow();
        var id = await h.Clock.DriveAsync(Send(h));

        Assert.NotNull(id);
        Assert.Equal(2, h.Fake.ConnectorRequests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1)], h.Clock.Waits);
        Assert.Equal(TimeSpan.FromSeconds(1), h.Clock.GetUtcNow() - start);
        Assert.Contains(h.Logs.Lines, l => l.Contains(" 4200: ", StringComparison.Ordinal) && l.Contains("answered 429; retrying in 00:00:01 (attempt 1 of 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARateLimitOfThirtySeconds_IsNotWaitedFor_ButLeftToTheOutbox()
    {
        await using var h = await ConnectorFixture.StartAsync();
        h.Fake.Script.Enqueue(new ConnectorAnswer(429, """{"error":{"code":"Throttled","message":"slow down"}}""", new Dictionary<string, string> { ["Retry-After"] = "30" }));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => Send(h));

        Assert.False(failure.Permanent);
        Assert.Equal(TimeSpan.FromSeconds(30), failure.RetryAfter);
        Assert.Contains("Retry-After 30 s is longer than waiting here", failure.Message, StringComparison.Ordinal);
        Assert.Single(h.Fake.ConnectorRequests);
        Assert.Empty(h.Clock.Waits);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains(" 4200: ", StringComparison.Ordinal));
    }
}
