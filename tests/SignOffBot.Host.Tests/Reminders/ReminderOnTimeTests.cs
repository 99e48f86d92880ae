using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Notifications;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.Outbox;
using Xunit.Abstractions;

namespace SignOffBot.Host.Tests.Reminders;

/// <summary>Reminders fire at their due time on the real clock, not on the scan clock (which is set to a day here).</summary>
public sealed class ReminderOnTimeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FirstAfter3sEvery3sMaxCount2_GivesExactlyTwoReminders_AtAbout3And6Seconds()
    {
        var sender = new RecordingSender();
        await using var app = new HostFixture { UseSystemClock = true };
        app.Settings["Reminders:FirstAfter"] = "00:00:03";
        app.Settings["Reminders:Every"] = "00:00:03";
        app.Settings["Reminders:MaxCount"] = "2";
        app.Settings["Reminders:ScanEvery"] = "1.00:00:00";
        app.Settings["Reminders:WorkingHours:Start"] = "00:00";
        app.Settings["Reminders:WorkingHours:End"] = "23:59:59";
        foreach (var (day, i) in new[] { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" }.Select((d, i) => (d, i)))
        {
            app.Settings[$"Reminders:WorkingHours:Days:{i}"] = day;
        }

        app.ExtraServices.Add(services => services.AddSingleton<INoticeSender>(sender));
        using var api = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(api, "fraud-detection", "churn-xgb", "7", "ana@example.com", "low");

        var requestedAt = sender.Now;
        var response = await api.PostAsync("/api/v1/items/fraud-detection/churn-xgb@7/request-feedback", ApiJson.Body(new { by = "ana@example.com" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

        // Olga (IT & Operations) is chased alone on her slot: her reminders are the ones to time.
        while (sender.Now - requestedAt < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        var reminders = sender.SentAt.Where(s => s.Notice is ReminderNotice { Person.Value: "ops@example.com" }).ToList();
        output.WriteLine(string.Join("\n", reminders.Select(r => $"reminder {((ReminderNotice)r.Notice).Number} at {(r.At - requestedAt).TotalSeconds:F2} s after the request")));
        Assert.Equal(2, reminders.Count);
        Assert.Equal([1, 2], reminders.Select(r => ((ReminderNotice)r.Notice).Number));
        Assert.InRange((reminders[0].At - requestedAt).TotalSeconds, 1, 5);
        Assert.InRange((reminders[1].At - requestedAt).TotalSeconds, 4, 8);
    }
}
