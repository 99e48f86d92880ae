using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Notifications;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Reminders;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.Outbox;

namespace SignOffBot.Host.Tests.Reminders;

/// <summary>The real host in fake time (Monday 2026-11-23 09:00 UTC) with a recording chat platform; the reminder scan is driven by the test.</summary>
public sealed class ReminderFixture : IAsyncDisposable
{
    public const string Item = "fraud-detection/churn-xgb@7";

    public ReminderFixture(string? databasePath = null, RecordingSender? sender = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Sender = sender ?? new RecordingSender();
        App = new HostFixture(databasePath);
        App.Settings["Reminders:ScanEvery"] = "1.00:00:00";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            App.Settings[key] = value;
        }

        App.ExtraServices.Add(services => services.AddSingleton<INoticeSender>(Sender));
        Api = App.CreateClient(HostFixture.AllScopesKey);
    }

    public HostFixture App { get; }

    public RecordingSender Sender { get; }

    public HttpClient Api { get; }

    public ReminderScanner Scanner => App.Services.GetRequiredService<ReminderScanner>();

    public async Task RegisterAndRequestFeedbackAsync(string risk = "low")
    {
        await ApiJson.RegisterAsync(Api, "fraud-detection", "churn-xgb", "7", "ana@example.com", risk);
        var response = await Api.PostAsync($"/api/v1/items/{Item}/request-feedback", ApiJson.Body(new { by = "ana@example.com" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Moves fake time, runs the reminder scan, and waits until the outbox has delivered what it queued.</summary>
    public async Task<IReadOnlyList<Notice>> AdvanceAsync(TimeSpan by)
    {
        var before = Sender.Sent.Count;
        App.Time.Advance(by);
        Scanner.RunDue();
        await App.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
        return Sender.Sent.Skip(before).ToList();
    }

    public static IReadOnlyList<string> RemindedPeople(IEnumerable<Notice> notices) =>
        notices.OfType<ReminderNotice>().Select(n => n.Person.Value).Order(StringComparer.Ordinal).ToList();

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await App.DisposeAsync();
    }
}
