using SignOffBot.Testing;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Slack;
using SignOffBot.Host.Tests.Slack.Flows;
using FakeBotFramework = SignOffBot.Testing.Teams.FakeBotFramework;

namespace SignOffBot.Host.Tests.Outbox;

/// <summary>
/// The real host with Slack and Teams on (as <see cref="SlackFixture"/>), with the host's logs recorded and an optional
/// database path so a second host can reopen the first one's store; the tests look at the Slack side.
/// </summary>
internal sealed class OutboxSlackFixture : IAsyncDisposable
{
    private readonly bool _ownsSlack;

    private OutboxSlackFixture(FakeSlackApi slack, FakeBotFramework teams, bool ownsSlack, string? databasePath)
    {
        Slack = slack;
        Teams = teams;
        _ownsSlack = ownsSlack;
        App = new HostFixture(databasePath);
        foreach (var (key, value) in slack.Settings().Concat(teams.Settings()))
        {
            App.Settings[key] = value;
        }

        App.ExtraServices.Add(services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
        });
        Http = App.CreateClient();
        Api = App.CreateClient(HostFixture.AllScopesKey);
        Signer = new SlackSigner(slack.SigningSecret, App.Time);
    }

    public FakeSlackApi Slack { get; }

    /// <summary>The Teams side of the deployment (its own fake, disposed with the host).</summary>
    public FakeBotFramework Teams { get; }

    public HostFixture App { get; }

    public TestLogs Logs { get; } = new();

    public HttpClient Http { get; }

    public HttpClient Api { get; }

    public SlackSigner Signer { get; }

    public OutboxDispatcher Dispatcher => App.Services.GetRequiredService<OutboxDispatcher>();

    public static async Task<OutboxSlackFixture> StartAsync() =>
        new(await FakeSlackApi.StartAsync(), await FakeBotFramework.StartAsync(), ownsSlack: true, null);

    /// <summary>A host over <paramref name="databasePath"/> talking to an existing Slack fake (which the caller disposes).</summary>
    public static async Task<OutboxSlackFixture> OverAsync(FakeSlackApi slack, string databasePath) =>
        new(slack, await FakeBotFramework.StartAsync(), ownsSlack: false, databasePath);

    public async Task<JsonNode> CommandReplyAsync(string user, string text, string channel = SlackFixture.ReleaseChannel)
    {
        var response = await Http.SendAsync(Signer.CommandRequest(
            text, user, user.ToLowerInvariant(), channel, "releases", Slack.ResponseUrl(Guid.NewGuid().ToString("N")), null));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task<JsonNode> HealthAsync() => await ApiJson.ReadAsync(await Api.GetAsync("/healthz"));

    /// <summary>Drives the outbox until <paramref name="done"/> holds (see <see cref="OutboxDriver"/>).</summary>
    public Task DriveUntilAsync(Func<Task<bool>> done) => OutboxDriver.DriveUntilAsync(App, done);

    public async Task<int> WaitingAsync() => (int)(await HealthAsync())["outbox"]!["waiting"]!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Api.Dispose();
        await App.DisposeAsync();
        await Teams.DisposeAsync();
        if (_ownsSlack)
        {
            await Slack.DisposeAsync();
        }
    }
}
