using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Notifications;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Outbox;

public sealed class OutboxTests
{
    private const string Item = "fraud-detection/churn-xgb@7";

    [Fact]
    public async Task RequestFeedback_QueuesARequestForEveryAssigneeAndAStatusForEveryReleaseChannel_ThenSendsThem()
    {
        var sender = new RecordingSender();
        await using var app = WithSender(sender);
        var client = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "ana@example.com");

        var response = await client.PostAsync($"/api/v1/items/{Item}/request-feedback", ApiJson.Body(new { by = "ana@example.com" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await sender.WaitUntilAsync(sent => sent.OfType<ChannelStatusNotice>().Count() == 2);
        var requests = sender.Sent.OfType<ReviewRequestNotice>().Select(n => (n.Person.Value, n.Slot.Name)).OrderBy(p => p.Value).ToList();
        Assert.Equal(
            [("ben@example.com", "Risk & Compliance"), ("biz@example.com", "Business"), ("chen@example.com", "Risk & Compliance"), ("ops@example.com", "IT & Operations")],
            requests);
        var channels = sender.Sent.OfType<ChannelStatusNotice>().Select(n => (n.Platform, n.Channel)).OrderBy(c => c.Platform).ToList();
        Assert.Equal([("slack", "C0RELEASE"), ("teams", "19:fraud-release@thread.tacv2")], channels);
        Assert.All(sender.Sent.OfType<ChannelStatusNotice>(), n => Assert.Contains("Ana Ortiz requested feedback", n.Text, StringComparison.Ordinal));

        // A lane stores what it sent when it stops, a moment after the last send.
        var deadline = Environment.TickCount64 + 10_000;
        int? waiting;
        do
        {
            var health = await ApiJson.ReadAsync(await client.GetAsync("/healthz"));
            waiting = (int?)health["outbox"]!["waiting"];
            if (waiting == 0)
            {
                break;
            }

            await Task.Delay(20);
        }
        while (Environment.TickCount64 < deadline);
        Assert.Equal(0, waiting);
    }

    [Fact]
    public async Task Dispatcher_WhenThePlatformFailsForAWhile_RetriesAfterTheWaitAndDeliversOnce()
    {
        var sender = new RecordingSender();
        sender.Failures.Enqueue(new DeliveryFailedException("429 Too Many Requests", permanent: false, TimeSpan.FromSeconds(30)));
        await using var app = WithSender(sender);
        var client = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "ana@example.com");

        await client.PostAsync($"/api/v1/items/{Item}/request-final", ApiJson.Body(new { by = "ana@example.com" }));
        await WaitForAsync(() => sender.Attempts >= 1);
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();

        await dispatcher.DispatchDueAsync(CancellationToken.None);
        Assert.Empty(sender.Sent.OfType<ReviewRequestNotice>());
        Assert.Equal(1, sender.Attempts);
        var health = await ApiJson.ReadAsync(await client.GetAsync("/healthz"));
        Assert.True((int?)health["outbox"]!["waiting"] > 0);

        app.Time.Advance(TimeSpan.FromSeconds(31));
        await dispatcher.DispatchDueAsync(CancellationToken.None);

        Assert.Equal(["ben@example.com", "chen@example.com"], sender.Sent.OfType<ReviewRequestNotice>().Select(n => n.Person.Value).Order().ToList());
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Dispatcher_WhenThePlatformRefusesForGood_KeepsADeadLetterCountedInHealthz()
    {
        var sender = new RecordingSender();
        sender.Failures.Enqueue(new DeliveryFailedException("channel_not_found", permanent: true));
        await using var app = WithSender(sender);
        var client = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "ana@example.com");

        await client.PostAsync($"/api/v1/items/{Item}/request-final", ApiJson.Body(new { by = "ana@example.com" }));
        await sender.WaitUntilAsync(sent => sent.OfType<CardRefreshNotice>().Any());
        await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);

        var health = await ApiJson.ReadAsync(await client.GetAsync("/healthz"));
        Assert.Equal(1, (int?)health["outbox"]!["deadLetters"]);
        Assert.Equal(0, (int?)health["outbox"]!["waiting"]);
        Assert.Single(sender.Sent.OfType<ReviewRequestNotice>());
    }

    private static HostFixture WithSender(RecordingSender sender)
    {
        var app = new HostFixture();
        app.ExtraServices.Add(services => services.AddSingleton<INoticeSender>(sender));
        return app;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "timed out");
            await Task.Delay(20);
        }
    }
}
