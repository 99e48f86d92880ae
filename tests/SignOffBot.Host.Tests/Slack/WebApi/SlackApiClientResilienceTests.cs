using SignOffBot.Testing.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Http;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Slack.BlockKit;
using SignOffBot.Host.Slack.WebApi;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Slack.WebApi;

/// <summary>
/// The <see cref="OutboundResilience"/> policy on the Slack client, case by case as on the Bot Connector
/// (<c>BotConnectorClientResilienceTests</c>): a timed-out attempt is retried, a short Retry-After is waited for
/// inline, a long one is left to the outbox. Attempts time out after <see cref="AttemptTimeout"/> of real time (a call
/// made first warms up the client and the fake, so the attempt after a timeout has ample time); the waits between
/// attempts are on the harness's fake clock.
/// </summary>
public sealed class SlackApiClientResilienceTests
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);

    /// <summary>For a test where every attempt times out.</summary>
    private static readonly TimeSpan ShortAttemptTimeout = TimeSpan.FromMilliseconds(300);

    /// <summary>Far longer than an attempt may take; the fake stops waiting when the client gives up.</summary>
    private static readonly TimeSpan Stuck = TimeSpan.FromSeconds(20);

    private static Task<(string Channel, string Ts)> Post(WebApiFixture h) =>
        h.Client.PostMessageAsync("C0RELEASE", SlackMrkdwn.Plain("Review churn-xgb@7"), null, null, CancellationToken.None);

    [Fact]
    public async Task AFirstAttemptThatTimesOut_IsRetried_AndSucceeds()
    {
        await using var h = await WebApiFixture.StartAsync(attemptTimeout: AttemptTimeout);
        await Post(h);
        h.Fake.Script.Enqueue(new SlackAnswer(200, """{"ok":true,"channel":"C0RELEASE","ts":"1.1"}""", Delay: Stuck));

        var posted = await h.Clock.DriveAsync(Post(h));

        Assert.Equal(("C0RELEASE", h.PostedTs), posted);
        Assert.Equal(1 + 2, h.Fake.Count("chat.postMessage"));
        var wait = Assert.Single(h.Clock.Waits);
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.25));
        var retry = Assert.Single(h.Logs.Lines, l => l.Contains(" 4380: ", StringComparison.Ordinal));
        Assert.Contains("Slack chat.postMessage to 127.0.0.1 answered timeout; retrying in", retry, StringComparison.Ordinal);
        Assert.Contains("(attempt 1 of 3)", retry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryAttemptTimingOut_IsTransient_AfterThreeAttempts()
    {
        await using var h = await WebApiFixture.StartAsync(attemptTimeout: ShortAttemptTimeout);
        h.Fake.Always = _ => new SlackAnswer(200, """{"ok":true}""", Delay: Stuck);

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Clock.DriveAsync(Post(h)));

        Assert.False(failure.Permanent);
        Assert.Null(failure.RetryAfter);
        Assert.Contains("timeout", failure.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 attempts", failure.Message, StringComparison.Ordinal);
        Assert.Equal(OutboundResilience.MaxAttempts, h.Fake.Count("chat.postMessage"));
        Assert.Equal(2, h.Clock.Waits.Count);
        Assert.Equal(2, h.Logs.Lines.Count(l => l.Contains(" 4380: ", StringComparison.Ordinal) && l.Contains("answered timeout", StringComparison.Ordinal)));
        Assert.Contains(h.Logs.Lines, l => l.Contains(" 4381: ", StringComparison.Ordinal) && l.Contains("timeout after 3 attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARateLimitOfOneSecond_IsWaitedForInline_AndSucceeds()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(SlackAnswer.RateLimited(1));

        var start = h.Clock.GetUtcNow();
        var posted = await h.Clock.DriveAsync(Post(h));

        Assert.Equal(("C0RELEASE", h.PostedTs), posted);
        Assert.Equal(2, h.Fake.Count("chat.postMessage"));
        Assert.Equal([TimeSpan.FromSeconds(1)], h.Clock.Waits);
        Assert.Equal(TimeSpan.FromSeconds(1), h.Clock.GetUtcNow() - start);
        Assert.Contains(h.Logs.Lines, l => l.Contains(" 4380: ", StringComparison.Ordinal) && l.Contains("answered 429; retrying in 00:00:01 (attempt 1 of 3)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARateLimitOfThirtySeconds_IsNotWaitedFor_ButLeftToTheOutbox()
    {
        await using var h = await WebApiFixture.StartAsync();
        h.Fake.Script.Enqueue(SlackAnswer.RateLimited(30));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => Post(h));

        Assert.False(failure.Permanent);
        Assert.Equal(TimeSpan.FromSeconds(30), failure.RetryAfter);
        Assert.Single(h.Fake.Requests);
        Assert.Empty(h.Clock.Waits);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains(" 4380: ", StringComparison.Ordinal));
        Assert.Contains(h.Logs.Lines, l => l.Contains(" 4381: ", StringComparison.Ordinal) && l.Contains("Retry-After 30 s is longer than waiting here", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RegisteringTheClientTwice_DoesNotStackThePolicy()
    {
        await using var fake = await FakeSlackApi.StartAsync(WebApiFixture.Token);
        fake.Always = _ => new SlackAnswer(503, "busy", ContentType: "text/plain");
        var clock = new StepClock();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = "8f742231b10e8888abcd99yyyzzz85a5",
            ["Slack:BotToken"] = WebApiFixture.Token,
            ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
        }).Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSlackWebApi();
        services.AddSlackWebApi();
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var client = provider.GetRequiredService<SlackApiClient>();

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(
            () => clock.DriveAsync(client.PostMessageAsync("C0RELEASE", SlackMrkdwn.Plain("x"), null, null, CancellationToken.None)));

        Assert.False(failure.Permanent);
        Assert.Equal(OutboundResilience.MaxAttempts, fake.Count("chat.postMessage"));
        Assert.Equal(OutboundResilience.MaxAttempts - 1, clock.Waits.Count);
    }
}
