using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Core.Notifications;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Outbox;

/// <summary>
/// A notice sender failing in a way nobody planned for (a bug or a store fault, not a failed send) must not stop the
/// outbox or the host: the one delivery waits for its retry and goes out, <c>/healthz</c> shows the failure, and
/// Slack, Teams and the API keep answering.
/// </summary>
public sealed class OutboxSenderFaultTests
{
    private const string Item = "fraud-detection/churn-xgb@7";

    [Fact]
    public async Task SenderThrowsUnexpectedlyOnItsFirstTry_HostKeepsAnswering_HealthzShowsIt_AndTheDeliveryGoesOutOnTheRetry()
    {
        await using var host = await TwoPlatformFixture.StartAsync(services => FaultOnce.WrapSenders(services, "slack"));
        await ApiJson.RegisterAsync(host.Api, "fraud-detection", "churn-xgb", "7", "ana@example.com");
        var before = await host.HealthAsync();
        Assert.Equal(0, (int)before["background"]!["failures"]!);
        Assert.Null(before["background"]!["lastFailure"]);

        var requested = await host.Api.PostAsync($"/api/v1/items/{Item}/request-feedback", ApiJson.Body(new { by = "ana@example.com" }));
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        var fault = host.App.Services.GetRequiredService<FaultOnce>();
        await host.DriveUntilAsync(() => Task.FromResult(fault.Thrown));

        // The host goes on: /healthz names the failure, Slack, Teams and the API answer.
        var health = await host.HealthAsync();
        Assert.Equal("ok", (string?)health["status"]);
        Assert.Equal(1, (int)health["background"]!["failures"]!);
        var last = health["background"]!["lastFailure"]!;
        Assert.Equal("outbox", (string?)last["source"]);
        Assert.Equal(nameof(InvalidOperationException), (string?)last["kind"]);
        Assert.Contains($"(channel-status {Item}) to slack channel:{TwoPlatformFixture.SlackReleaseChannel}", (string?)last["unit"], StringComparison.Ordinal);
        Assert.Equal(host.App.Time.GetUtcNow().Date, DateTimeOffset.Parse((string)last["at"]!, System.Globalization.CultureInfo.InvariantCulture).Date);
        Assert.DoesNotContain("simulated", health.ToJsonString(), StringComparison.Ordinal);

        var slackReply = await host.SlackCommandAsync("U0ANA", $"status {Item}");
        Assert.Contains(Item, slackReply.ToJsonString(), StringComparison.Ordinal);
        var teamsReply = await host.TeamsMessageAsync(Teams.Flows.TeamsFixture.Ana, $"status {Item}");
        Assert.True(teamsReply.IsSuccessStatusCode, $"Teams answered {(int)teamsReply.StatusCode}");
        var item = await host.Api.GetAsync($"/api/v1/items/{Item}");
        Assert.Equal(HttpStatusCode.OK, item.StatusCode);

        // The status line that failed goes out on the retry, once.
        await host.DriveUntilAsync(() => Task.FromResult(host.Slack.CallsTo("chat.postMessage")
            .Any(c => c.Ok && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel && c.Arg("text")!.Contains("requested feedback", StringComparison.Ordinal))));
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0 || OnlyTeamsUnreachableWaits(host));
        Assert.Single(host.Slack.CallsTo("chat.postMessage"),
            c => c.Ok && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel && c.Arg("text")!.Contains("requested feedback", StringComparison.Ordinal));

        var logged = Assert.Single(host.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("failed unexpectedly", StringComparison.Ordinal));
        Assert.Contains(Item, logged.Message, StringComparison.Ordinal);
        Assert.Contains("to slack", logged.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(logged.Exception);
        var id = logged.Message.Split(' ')[2];
        Assert.Contains(host.Logs.Entries, e => e.Message.StartsWith($"Outbox message {id} to slack will be retried at", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Entries, e => e.Message.StartsWith($"Outbox message {id} sent to slack", StringComparison.Ordinal));
        Assert.Equal(0, (int)(await host.HealthAsync())["outbox"]!["deadLetters"]!);
    }

    /// <summary>Messages still waiting are only those for Teams people and channels the bot cannot reach yet.</summary>
    private static bool OnlyTeamsUnreachableWaits(TwoPlatformFixture host) =>
        host.Logs.Entries.Any(e => e.Message.Contains("not reachable yet", StringComparison.Ordinal));

    /// <summary>Wraps the host's notice senders; the one for <c>platform</c> throws once, on its first channel status line.</summary>
    private sealed class FaultOnce
    {
        private int _thrown;

        public bool Thrown => Volatile.Read(ref _thrown) == 1;

        public static void WrapSenders(IServiceCollection services, string platform)
        {
            services.AddSingleton<FaultOnce>();
            var senders = services.Where(d => d.ServiceType == typeof(INoticeSender)).ToList();
            foreach (var descriptor in senders)
            {
                services.Remove(descriptor);
                services.AddSingleton<INoticeSender>(sp =>
                {
                    var inner = descriptor.ImplementationFactory is { } factory
                        ? (INoticeSender)factory(sp)
                        : (INoticeSender)ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);
                    return inner.Platform == platform ? new Sender(inner, sp.GetRequiredService<FaultOnce>()) : inner;
                });
            }
        }

        private sealed class Sender(INoticeSender inner, FaultOnce fault) : INoticeSender
        {
            public string Platform => inner.Platform;

            public bool IsOn => inner.IsOn;

            public IReadOnlyList<string> TargetsOf(Notice notice) => inner.TargetsOf(notice);

            public Task SendAsync(Notice notice, string target, CancellationToken cancellationToken) =>
                notice is ChannelStatusNotice && Interlocked.Exchange(ref fault._thrown, 1) == 0
                    ? throw new InvalidOperationException("simulated fault in the sender")
                    : inner.SendAsync(notice, target, cancellationToken);
        }
    }
}
