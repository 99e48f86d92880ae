using SignOffBot.Core.Reminders;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Notifications;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Reminders.ReminderFixture;

namespace SignOffBot.Host.Tests.Reminders;

/// <summary>
/// Reminders through the real host in fake time. Sample time zones: ops Copenhagen, ben London, chen Singapore,
/// biz São Paulo; feedback requested Monday 09:00 UTC; defaults 24 h, every 24 h, 3 reminders, 09:00–18:00 Mon–Fri.
/// </summary>
public sealed class ReminderScheduleHostTests
{
    [Fact]
    public async Task FirstReminder_ComesAfter24HoursInsideEachReviewersWorkingHours()
    {
        await using var host = new ReminderFixture();
        await host.RegisterAndRequestFeedbackAsync();

        Assert.Empty(RemindedPeople(await host.AdvanceAsync(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1))));
        var first = await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(["ben@example.com", "chen@example.com", "ops@example.com"], RemindedPeople(first));
        Assert.All(first.OfType<ReminderNotice>(), n => Assert.Equal((1, 3), (n.Number, n.Of)));

        // São Paulo is at 06:00 then: Bea's reminder waits for 09:00 there (12:00 UTC).
        Assert.Empty(RemindedPeople(await host.AdvanceAsync(TimeSpan.FromHours(3) - TimeSpan.FromMinutes(1))));
        Assert.Equal(["biz@example.com"], RemindedPeople(await host.AdvanceAsync(TimeSpan.FromMinutes(1))));
    }

    [Fact]
    public async Task Reminders_RepeatThreeTimes_ThenTheOwnersAndFinalApproversAreToldOnce()
    {
        await using var host = new ReminderFixture();
        await host.RegisterAndRequestFeedbackAsync();
        var all = new List<Notice>();
        for (var day = 0; day < 7; day++)
        {
            all.AddRange(await host.AdvanceAsync(TimeSpan.FromDays(1)));
        }

        var ops = all.OfType<ReminderNotice>().Where(n => n.Person.Value == "ops@example.com").Select(n => n.Number).ToList();
        Assert.Equal([1, 2, 3], ops);
        var overdue = all.OfType<OverdueNotice>().Where(n => n.Reviewer.Value == "ops@example.com").Select(n => n.Person.Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["ana@example.com", "ben@example.com", "chen@example.com"], overdue);
        Assert.Empty(await host.AdvanceAsync(TimeSpan.FromDays(7)));
    }

    [Fact]
    public async Task Reminders_StopOnAnswer_OnDelegation_AndOnTheFinalDecision()
    {
        await using var host = new ReminderFixture();
        await host.RegisterAndRequestFeedbackAsync();
        var services = host.App.Services;
        var signOffs = (SignOffBot.Core.Workflow.SignOffService)services.GetService(typeof(SignOffBot.Core.Workflow.SignOffService))!;
        Assert.True(SignOffBot.Core.Items.ItemKey.TryParse(Item, out var key));

        Assert.True(signOffs.SubmitFeedback(key, "Risk & Compliance", SignOffBot.Core.Items.FeedbackAnswerKind.Approve, null, new("ben@example.com", "test", "test")).Outcome.IsApplied);
        host.App.Time.Advance(TimeSpan.FromHours(2));
        Assert.True(signOffs.Delegate(key, "Business", "dev@example.com", new("ana@example.com", "test", "test")).Outcome.IsApplied);

        var day1 = await host.AdvanceAsync(TimeSpan.FromHours(22));
        Assert.Equal(["ops@example.com"], RemindedPeople(day1));
        // Dev's own schedule starts at the delegation (Monday 11:00 UTC): 24 h later is 06:00 in New York, so 09:00 there.
        Assert.Empty(RemindedPeople(await host.AdvanceAsync(TimeSpan.FromHours(5) - TimeSpan.FromMinutes(1))));
        Assert.Equal(["dev@example.com"], RemindedPeople(await host.AdvanceAsync(TimeSpan.FromMinutes(1))));

        Assert.True(signOffs.Decide(key, SignOffBot.Core.Items.FinalDecisionKind.Abandon, "Superseded by v8", new("chen@example.com", "test", "test")).Outcome.IsApplied);
        Assert.Empty(RemindedPeople(await host.AdvanceAsync(TimeSpan.FromDays(5))));
        Assert.Empty((await host.AdvanceAsync(TimeSpan.FromDays(5))).OfType<OverdueNotice>());
    }

    [Fact]
    public async Task PostIncidentReview_IsChasedUntilClosed()
    {
        await using var host = new ReminderFixture();
        var (deploys, key, bypassId) = await GrantedBypassAsync(host);

        var first = await host.AdvanceAsync(TimeSpan.FromDays(1));
        var reminder = Assert.Single(first.OfType<ReminderNotice>());
        Assert.Equal(("ana@example.com", ReminderKind.IncidentReview, bypassId), (reminder.Person.Value, reminder.Kind, reminder.Slot));

        Assert.True(deploys.CloseIncidentReview(key, "prod-api", "https://wiki.example.com/pir/311", new("ana@example.com", "test", "test")).Outcome.IsApplied);
        Assert.Empty((await host.AdvanceAsync(TimeSpan.FromDays(7))).OfType<ReminderNotice>());
    }

    [Fact]
    public async Task PostIncidentReview_NotClosed_IsOverdueAt48Hours_ToTheProjectOwnersAndOnCallApprovers()
    {
        await using var host = new ReminderFixture();
        var (_, _, bypassId) = await GrantedBypassAsync(host);

        // Granted Monday 09:00 UTC; Ana is in Paris: one reminder Tuesday 09:00 UTC (10:00 there), before the 48 hours.
        Assert.Equal(["ana@example.com"], RemindedPeople(await host.AdvanceAsync(TimeSpan.FromDays(1))));
        var justBefore = await host.AdvanceAsync(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1));
        Assert.Empty(justBefore.OfType<OverdueNotice>());
        Assert.Empty(justBefore.OfType<ReminderNotice>());

        var due = await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var overdue = due.OfType<OverdueNotice>().ToList();
        Assert.Contains(overdue, n => n.Person.Value == "oncall@example.com");
        Assert.Contains(overdue, n => n.Person.Value == "lee@example.com");
        Assert.All(overdue, n => Assert.Equal((ReminderKind.IncidentReview, "ana@example.com", bypassId), (n.Kind, n.Reviewer.Value, n.Slot)));
        Assert.Equal(overdue.Count, overdue.Select(n => n.Person).Distinct().Count());
        Assert.DoesNotContain(await host.AdvanceAsync(TimeSpan.FromDays(7)), n => n is ReminderNotice or OverdueNotice);
    }

    [Fact]
    public async Task Restart_WithRemindersDue_SendsEachDueReminderExactlyOnce()
    {
        string path;
        var sender = new Outbox.RecordingSender();
        await using (var first = new ReminderFixture(sender: sender))
        {
            path = first.App.DatabasePath;
            await first.RegisterAndRequestFeedbackAsync();
        }

        await DatabaseFiles.WaitUntilClosedAsync(path);
        await using var second = new ReminderFixture(path, sender);
        second.App.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(3));
        second.Scanner.RunDue();
        second.Scanner.RunDue();
        await second.Sender.WaitUntilAsync(sent => sent.OfType<ReminderNotice>().Count() >= 4);
        await Task.Delay(200);

        Assert.Equal(["ben@example.com", "biz@example.com", "chen@example.com", "ops@example.com"], RemindedPeople(second.Sender.Sent));
    }

    [Fact]
    public async Task ChangedSettings_AfterARestart_RescheduleTheRemindersThatAreWaiting()
    {
        string path;
        var sender = new Outbox.RecordingSender();
        await using (var first = new ReminderFixture(sender: sender))
        {
            path = first.App.DatabasePath;
            await first.RegisterAndRequestFeedbackAsync();
        }

        await DatabaseFiles.WaitUntilClosedAsync(path);
        await using var second = new ReminderFixture(path, sender, new Dictionary<string, string?> { ["Reminders:FirstAfter"] = "2.00:00:00" });

        Assert.Empty(RemindedPeople(await second.AdvanceAsync(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1))));
        Assert.Equal(["ben@example.com", "chen@example.com", "ops@example.com"], RemindedPeople(await second.AdvanceAsync(TimeSpan.FromMinutes(1))));
    }

    /// <summary>Ana's emergency bypass of the item on prod-api (INC-311), granted by the on-call approver at the start time.</summary>
    private static async Task<(SignOffBot.Core.Workflow.DeployService Deploys, SignOffBot.Core.Items.ItemKey Key, string BypassId)> GrantedBypassAsync(ReminderFixture host)
    {
        await ApiJson.RegisterAsync(host.Api, "fraud-detection", "churn-xgb", "7", "ana@example.com");
        var deploys = host.App.Services.GetRequiredService<SignOffBot.Core.Workflow.DeployService>();
        Assert.True(SignOffBot.Core.Items.ItemKey.TryParse(Item, out var key));
        var requested = deploys.RequestBypass(key, "prod-api", "INC-311", 4, new("ana@example.com", "test", "test"));
        Assert.True(deploys.DecideBypass(requested.Value!.Id, grant: true, new("oncall@example.com", "test", "test")).Outcome.IsApplied);
        return (deploys, key, requested.Value.Id);
    }
}
