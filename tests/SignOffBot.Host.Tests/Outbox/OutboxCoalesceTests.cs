using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Notifications;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Outbox;

public sealed class OutboxCoalesceTests
{
    private const string Churn = "fraud-detection/churn-xgb@7";
    private const string Other = "fraud-detection/other-model@1";

    [Fact]
    public async Task CardRedrawsOfTheSameCopy_CoalesceToTheNewest()
    {
        var sender = new RecordingSender();
        // The platform first asks to wait 30 s, so the refreshes below pile up before anything is sent.
        sender.Failures.Enqueue(new DeliveryFailedException("429 Too Many Requests", permanent: false, TimeSpan.FromSeconds(30)));
        await using var app = new HostFixture();
        app.ExtraServices.Add(services => services.AddSingleton<INoticeSender>(sender));
        using var client = app.CreateClient(HostFixture.AllScopesKey);
        var writer = app.Services.GetRequiredService<OutboxWriter>();
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();

        writer.Enqueue(new PostTextNotice("test", "C0ANY", "first", null, null));
        await sender.WaitUntilAsync(_ => sender.Attempts >= 1);
        // The dispatcher pauses the platform before it stores the failed attempt: once that is stored, nothing goes out
        // until the 30 s have passed.
        var storage = app.Services.GetRequiredService<LiteDbStorage>();
        var stored = Environment.TickCount64 + 10_000;
        while (!storage.ReadAll<OutboxMessage>(LiteDbSetup.Outbox).Any(d => d.Platform == sender.Platform && d.Attempts >= 1))
        {
            Assert.True(Environment.TickCount64 < stored, "the failed attempt was not stored");
            await Task.Delay(10);
        }

        writer.Enqueue(new CardRefreshNotice(Churn), new CardRefreshNotice(Other), new CardRefreshNotice(Churn));
        writer.Enqueue(new CardRefreshNotice(Churn));
        while (storage.Outbox.UnplannedNotices(10).Count > 0)
        {
            await dispatcher.DispatchDueAsync(CancellationToken.None);
        }

        app.Time.Advance(TimeSpan.FromSeconds(31));
        var deadline = Environment.TickCount64 + 10_000;
        while ((int)(await ApiJson.ReadAsync(await client.GetAsync("/healthz")))["outbox"]!["waiting"]! > 0)
        {
            Assert.True(Environment.TickCount64 < deadline, "timed out");
            await dispatcher.DispatchDueAsync(CancellationToken.None);
            app.Time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal([Churn, Other], sender.Sent.OfType<CardRefreshNotice>().Select(n => n.Item).Order().ToList());
        Assert.Single(sender.Sent.OfType<PostTextNotice>());

        var refreshes = storage.ReadAll<OutboxMessage>(LiteDbSetup.Outbox)
            .Where(d => d.Platform == sender.Platform && d.Notice.Contains(Churn, StringComparison.Ordinal)).OrderBy(d => d.Id).ToList();
        Assert.Equal(3, refreshes.Count);
        Assert.All(refreshes, d => Assert.Equal(OutboxStatus.Sent, d.Status));
        Assert.Equal([0, 0], refreshes[..2].Select(d => d.Attempts).ToArray());
        Assert.True(refreshes[2].Attempts >= 1);
    }
}
