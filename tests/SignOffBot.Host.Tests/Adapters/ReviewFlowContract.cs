using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Reminders;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Adapters;

/// <summary>
/// The adapter contract: the same review flow, driven through each chat surface as its clients drive it. The owner
/// registers an item and requests feedback by command; the reviewer gets the request privately with their buttons;
/// someone not assigned presses and is refused privately with nothing recorded; the reviewer approves, once even when
/// the platform retries the press; and the reviewer's copy of the card is redrawn showing the answer. What was
/// recorded is read back over the API, the same for every surface.
/// </summary>
public abstract class ReviewFlowContract : IAsyncLifetime
{
    protected const string Item = "fraud-detection/churn-xgb@7";
    protected const string Slot = "Risk & Compliance";
    protected const string Owner = "ana@example.com";
    protected const string Reviewer = "ben@example.com";
    protected const string ReviewerName = "Ben Okafor";

    private HttpClient _api = null!;

    /// <summary>A directory person outside the slot (and the project's reviewers), known to the surface.</summary>
    protected abstract string Outsider { get; }

    protected abstract HostFixture App { get; }

    /// <summary>Starts the host and its platform fakes; the people of the flow are known to the surface.</summary>
    protected abstract Task StartAsync();

    protected abstract Task StopAsync();

    /// <summary>A command typed by <paramref name="person"/> in their own chat with the bot; answered with success.</summary>
    protected abstract Task CommandAsync(string person, string text);

    /// <summary>Waits until <paramref name="person"/> has the request privately, with the approve button of <see cref="Slot"/>.</summary>
    protected abstract Task AssertRequestReachedAsync(string person);

    /// <summary>Presses <paramref name="verb"/> on <paramref name="slot"/> as <paramref name="person"/>; returns the press to repeat it.</summary>
    protected abstract Task<object> PressAsync(string person, string verb, string slot);

    /// <summary>Waits until <paramref name="person"/> has been sent <paramref name="count"/> cards with a <paramref name="verb"/> button.</summary>
    protected abstract Task AssertCardsReachedAsync(string person, string verb, int count);

    /// <summary>Presses feedback.approve on <see cref="Slot"/> as <paramref name="person"/>.</summary>
    protected Task<object> PressApproveAsync(string person) => PressAsync(person, "feedback.approve", Slot);

    /// <summary>Sends the same press again, as the platform does when it retries a delivery.</summary>
    protected abstract Task RepeatAsync(object press);

    /// <summary>The refusal <paramref name="person"/> was shown privately after their last press.</summary>
    protected abstract Task<string> RefusalShownToAsync(string person);

    /// <summary>Waits until <paramref name="person"/>'s copy of the card is redrawn showing their answer (<see cref="ShowsAnswer"/>).</summary>
    protected abstract Task AssertCardRedrawnWithAnswerAsync(string person);

    /// <summary>Waits until <paramref name="person"/> is sent a private text containing <paramref name="fragment"/>; returns it.</summary>
    protected abstract Task<string> PrivateTextReachedAsync(string person, string fragment);

    /// <summary>
    /// The host as every surface's flow runs it: the sample governance, where a low-risk approval is valid for
    /// <see cref="ApprovalValidDays"/> days, and the reminder scan run by the flow when it moves the clock (the backstop
    /// scan would otherwise run for every 5 minutes skipped).
    /// </summary>
    protected static void Configure(HostFixture app)
    {
        app.UseSampleGovernance();

        app.Settings["Governance:Projects:0:Policy:Low:ApprovalValidFor"] = $"{ApprovalValidDays}.00:00:00";
        app.Settings["Reminders:ScanEvery"] = "365.00:00:00";
    }

    private const int ApprovalValidDays = 30;

    public async Task InitializeAsync()
    {
        await StartAsync();
        _api = App.CreateClient(HostFixture.AllScopesKey);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await StopAsync();
    }

    [Fact]
    public async Task Request_Refusal_Answer_Retry_Redraw()
    {
        await CommandAsync(Owner, "register fraud-detection churn-xgb@7 --risk low");
        await CommandAsync(Owner, $"request-feedback {Item} \"{Slot}\"");
        await AssertRequestReachedAsync(Reviewer);

        var before = await AuditCountAsync();
        await PressApproveAsync(Outsider);
        Assert.Contains("not assigned to you", await RefusalShownToAsync(Outsider), StringComparison.Ordinal);
        Assert.Equal(before, await AuditCountAsync());
        Assert.Empty(await AnswersAsync());

        var press = await PressApproveAsync(Reviewer);
        var answer = Assert.Single(await AnswersAsync())!;
        Assert.Equal((Reviewer, "approve"), ((string?)answer["by"], (string?)answer["answer"]));
        Assert.Equal(before + 1, await AuditCountAsync());

        await RepeatAsync(press);
        Assert.Single(await AnswersAsync());
        Assert.Equal(before + 1, await AuditCountAsync());

        await AssertCardRedrawnWithAnswerAsync(Reviewer);
    }

    /// <summary>
    /// A policy refusal names the missing evidence; the owner adds it with <c>evidence</c>, and the same final approval
    /// then succeeds.
    /// </summary>
    [Fact]
    public async Task FixEvidence_AfterAPolicyRefusal_ThenTheFinalApprovalSucceeds()
    {
        await CommandAsync(Owner, "register fraud-detection churn-xgb@7 --risk medium");
        await CommandAsync(Owner, $"request-final {Item}");
        await AssertCardsReachedAsync(Reviewer, "final.approve", 1);

        await PressAsync(Reviewer, "final.approve", "final");
        Assert.Contains("the model card is missing", await RefusalShownToAsync(Reviewer), StringComparison.Ordinal);
        Assert.Equal("final-approval-requested", await StateAsync());

        await CommandAsync(Owner, $"evidence {Item} --model-card https://wiki.example.com/churn-7");
        await PressAsync(Reviewer, "final.approve", "final");

        var item = await ItemAsync();
        Assert.Equal("approved", (string?)item["signOff"]!["state"]);
        Assert.Equal("https://wiki.example.com/churn-7", (string?)item["evidence"]!["modelCard"]);
        Assert.Equal(["evidence-changed", "final-decision"], (await AuditActionsAsync()).TakeLast(2));
    }

    /// <summary>The owner asks again after an answer (a new card, the answer kept as history), then withdraws the slot.</summary>
    [Fact]
    public async Task ReRequest_ThenWithdraw()
    {
        await CommandAsync(Owner, "register fraud-detection churn-xgb@7 --risk low");
        await CommandAsync(Owner, $"request-feedback {Item} \"{Slot}\"");
        await AssertCardsReachedAsync(Reviewer, "feedback.approve", 1);
        await PressApproveAsync(Reviewer);

        await CommandAsync(Owner, $"re-request {Item} \"{Slot}\" --reason drift fixed in 7.1");
        await AssertCardsReachedAsync(Reviewer, "feedback.approve", 2);
        Assert.Single(await AnswersAsync());
        Assert.Equal("re-requested", (await AuditActionsAsync()).Last());

        await CommandAsync(Owner, $"withdraw {Item} \"{Slot}\" --reason sent to the wrong category");
        var slot = (await ItemAsync())["signOff"]!["feedback"]!.AsArray().Single(s => (string?)s!["category"] == Slot)!;
        Assert.False((bool)slot["requested"]!);
        Assert.Equal("not-started", await StateAsync());

        var before = await AuditCountAsync();
        await PressApproveAsync(Reviewer);
        Assert.Contains("has not been requested", await RefusalShownToAsync(Reviewer), StringComparison.Ordinal);
        Assert.Equal(before, await AuditCountAsync());
    }

    /// <summary>A revoked approval blocks deployment on a <c>prevent</c> infrastructure again, naming the revocation.</summary>
    [Fact]
    public async Task Revoke_TurnsDeployCheckFromAllowedToBlocked()
    {
        await CommandAsync(Owner, "register fraud-detection churn-xgb@7 --risk low");
        await CommandAsync(Owner, $"request-final {Item}");
        await AssertCardsReachedAsync(Reviewer, "final.approve", 1);
        await PressAsync(Reviewer, "final.approve", "final");
        Assert.Equal("allowed", (string?)(await DeployCheckAsync())["decision"]);

        await CommandAsync(Reviewer, $"revoke {Item} --reason bias finding INC-412");

        var check = await DeployCheckAsync();
        Assert.Equal("blocked", (string?)check["decision"]);
        Assert.Contains("revoked by Ben Okafor", (string?)check["reason"], StringComparison.Ordinal);
        Assert.Equal("final-approval-requested", await StateAsync());
    }

    /// <summary>
    /// An approval under a policy with ApprovalValidFor runs out on the host's clock: the owner is told before
    /// (Reminders:RecertifyNoticeBefore, 14 days) and when it expires, deploy-check blocks after it, and recertify plus
    /// a new final approval restore it.
    /// </summary>
    [Fact]
    public async Task Recertify_AfterTheApprovalExpired_RestoresDeployment()
    {
        await CommandAsync(Owner, "register fraud-detection churn-xgb@7 --risk low");
        await CommandAsync(Owner, $"request-final {Item}");
        await AssertCardsReachedAsync(Reviewer, "final.approve", 1);
        await PressAsync(Reviewer, "final.approve", "final");
        var approvedAt = App.Time.GetUtcNow();
        Assert.Equal("allowed", (string?)(await DeployCheckAsync())["decision"]);

        // The approval is a Monday at 09:00 UTC: 15 days before its expiry is a Wednesday, in Ana's working hours.
        App.Time.SetUtcNow(approvedAt + TimeSpan.FromDays(ApprovalValidDays - 14) + TimeSpan.FromHours(1));
        ScanReminders();
        var soon = await PrivateTextReachedAsync(Owner, "expires on");
        Assert.Contains($"recertify {Item}", soon, StringComparison.Ordinal);
        Assert.Equal("allowed", (string?)(await DeployCheckAsync())["decision"]);

        App.Time.SetUtcNow(approvedAt + TimeSpan.FromDays(ApprovalValidDays) + TimeSpan.FromMinutes(1));
        ScanReminders();
        var check = await DeployCheckAsync();
        Assert.Equal("blocked", (string?)check["decision"]);
        Assert.Contains("expired on", (string?)check["reason"], StringComparison.Ordinal);
        Assert.Contains($"recertify {Item}", await PrivateTextReachedAsync(Owner, "expired on"), StringComparison.Ordinal);

        await CommandAsync(Owner, $"recertify {Item}");
        Assert.Equal("final-approval-requested", await StateAsync());
        Assert.Equal("blocked", (string?)(await DeployCheckAsync())["decision"]);
        Assert.Equal("recertification-requested", (await AuditActionsAsync()).Last());

        await AssertCardsReachedAsync(Reviewer, "final.approve", 2);
        await PressAsync(Reviewer, "final.approve", "final");
        Assert.Equal("allowed", (string?)(await DeployCheckAsync())["decision"]);
    }

    /// <summary>
    /// Whether a card's JSON (Adaptive Card or Block Kit) carries a feedback approve button; only <see cref="Slot"/> is
    /// requested in the flow, so for the reviewer it is that slot's.
    /// </summary>
    protected static bool HasApproveButton(string json) => json.Contains("feedback.approve", StringComparison.Ordinal);

    /// <summary>Whether a card's JSON shows the reviewer's answer (their name on the slot; before it only their group is named).</summary>
    protected static bool ShowsAnswer(string json) => json.Contains(ReviewerName, StringComparison.Ordinal);

    private void ScanReminders() => App.Services.GetRequiredService<ReminderScanner>().RunDue();

    private async Task<JsonNode> ItemAsync() => await ApiJson.ReadAsync(await _api.GetAsync($"/api/v1/items/{Item}"));

    private async Task<string?> StateAsync() => (string?)(await ItemAsync())["signOff"]!["state"];

    private async Task<JsonNode> DeployCheckAsync() =>
        await ApiJson.ReadAsync(await _api.GetAsync($"/api/v1/deploy-check?item={Uri.EscapeDataString(Item)}&infrastructure=prod-api"));

    private async Task<List<string?>> AuditActionsAsync()
    {
        var events = await ApiJson.ReadAsync(await _api.GetAsync($"/api/v1/audit?item={Uri.EscapeDataString(Item)}"));
        var list = events is JsonArray array ? array : events["events"]!.AsArray();
        return [.. list.Select(e => (string?)e!["action"]).Where(a => a != "deploy-check")];
    }

    private async Task<JsonArray> AnswersAsync()
    {
        var item = await ItemAsync();
        var slot = item["signOff"]!["feedback"]!.AsArray().Single(s => (string?)s!["category"] == Slot)!;
        return slot["answers"]!.AsArray();
    }

    private async Task<int> AuditCountAsync() =>
        (int)(await ApiJson.ReadAsync(await _api.GetAsync("/api/v1/audit/verify")))["events"]!;
}
