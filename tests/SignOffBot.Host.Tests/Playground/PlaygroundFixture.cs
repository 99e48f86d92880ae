using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Playground;

/// <summary>The real host with the playground on, and the page's own calls: commands, card presses, the page of a person.</summary>
public sealed class PlaygroundFixture : IAsyncDisposable
{
    public const string Item = "fraud-detection/churn-xgb@7";

    public PlaygroundFixture(Action<HostFixture>? configure = null)
    {
        App = new HostFixture();
        App.Settings["Playground:Enabled"] = "true";
        configure?.Invoke(App);
        Client = App.CreateClient();
        Api = App.CreateClient(HostFixture.AllScopesKey);
    }

    public HostFixture App { get; }

    public HttpClient Client { get; }

    public HttpClient Api { get; }

    public Task<HttpResponseMessage> CommandAsync(string person, string text, string? conversation = null, string? id = null) =>
        Client.PostAsJsonAsync("/playground/api/commands", new { @as = person, text, conversation, id });

    public Task<HttpResponseMessage> PressAsync(string person, string verb, JsonObject data, string? id = null) =>
        Client.PostAsJsonAsync("/playground/api/actions", new { @as = person, verb, data, id });

    public Task<HttpResponseMessage> PageResponseAsync(string person) =>
        Client.GetAsync($"/playground/api/page?as={Uri.EscapeDataString(person)}");

    public async Task<JsonNode> PageAsync(string person)
    {
        var response = await PageResponseAsync(person);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ApiJson.ReadAsync(response);
    }

    /// <summary>Sends what the outbox holds now (review requests, release-channel lines), as the dispatcher would.</summary>
    public Task DeliverAsync() => App.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);

    /// <summary>Ana registers the item and asks IT &amp; Operations (Olga) and Risk &amp; Compliance (Ben, Chen) for feedback.</summary>
    public async Task RequestFeedbackAsync()
    {
        Assert.Equal(HttpStatusCode.OK, (await CommandAsync("ana@example.com", $"register fraud-detection churn-xgb@7 --risk medium --model-card https://wiki.example.com/c7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CommandAsync("ana@example.com", $"request-feedback {Item} \"IT & Operations\" \"Risk & Compliance\"")).StatusCode);
        await DeliverAsync();
    }

    public async Task<int> AuditCountAsync() =>
        (int)(await ApiJson.ReadAsync(await Api.GetAsync("/api/v1/audit/verify")))["events"]!;

    /// <summary>The lines of one conversation on a person's page.</summary>
    public static JsonArray Lines(JsonNode page, string conversation) =>
        page["conversations"]!.AsArray().Single(c => (string?)c!["id"] == conversation)!["lines"]!.AsArray();

    public static JsonObject ApproveData(string slot, string comment) => new()
    {
        ["item"] = Item,
        ["slot"] = slot,
        ["commentInput"] = "comment-x",
        ["comment-x"] = comment,
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Api.Dispose();
        await App.DisposeAsync();
    }
}
