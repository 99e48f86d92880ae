using System.Text.Json.Nodes;
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

    /// <summary>Presses feedback.approve on <see cref="Slot"/> as <paramref name="person"/>; returns the press to repeat it.</summary>
    protected abstract Task<object> PressApproveAsync(string person);

    /// <summary>Sends the same press again, as the platform does when it retries a delivery.</summary>
    protected abstract Task RepeatAsync(object press);

    /// <summary>The refusal <paramref name="person"/> was shown privately after their last press.</summary>
    protected abstract Task<string> RefusalShownToAsync(string person);

    /// <summary>Waits until <paramref name="person"/>'s copy of the card is redrawn showing their answer (<see cref="ShowsAnswer"/>).</summary>
    protected abstract Task AssertCardRedrawnWithAnswerAsync(string person);

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
    /// Whether a card's JSON (Adaptive Card or Block Kit) carries a feedback approve button; only <see cref="Slot"/> is
    /// requested in the flow, so for the reviewer it is that slot's.
    /// </summary>
    protected static bool HasApproveButton(string json) => json.Contains("feedback.approve", StringComparison.Ordinal);

    /// <summary>Whether a card's JSON shows the reviewer's answer (their name on the slot; before it only their group is named).</summary>
    protected static bool ShowsAnswer(string json) => json.Contains(ReviewerName, StringComparison.Ordinal);

    private async Task<JsonArray> AnswersAsync()
    {
        var item = await ApiJson.ReadAsync(await _api.GetAsync($"/api/v1/items/{Item}"));
        var slot = item["signOff"]!["feedback"]!.AsArray().Single(s => (string?)s!["category"] == Slot)!;
        return slot["answers"]!.AsArray();
    }

    private async Task<int> AuditCountAsync() =>
        (int)(await ApiJson.ReadAsync(await _api.GetAsync("/api/v1/audit/verify")))["events"]!;
}
