using SignOffBot.Testing.Slack;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Http;
using SignOffBot.Host.Slack.WebApi;

using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Slack.WebApi;

/// <summary>The fake, a <see cref="StepClock"/>, captured logs and a provider built with <c>AddSlackWebApi()</c>.</summary>
internal sealed class WebApiFixture : OutboundClientFixture<FakeSlackApi>
{
    /// <summary>A bot token shaped like Slack's; it must never show up in a log line or an exception message.</summary>
    public const string Token = "xoxb-1111-2222-SeCrEtToKeN";

    private WebApiFixture(FakeSlackApi fake, Dictionary<string, string?> settings, TimeSpan? attemptTimeout)
        : base(fake, settings, attemptTimeout, services => services.AddSlackWebApi())
    {
    }

    public SlackApiClient Client => Services.GetRequiredService<SlackApiClient>();

    /// <summary>The ts Slack gave the last message posted (what the client must hand back).</summary>
    public string PostedTs => (string)Fake.CallsTo("chat.postMessage")[^1].Response!["ts"]!;

    /// <summary>
    /// <paramref name="configure"/> may change the settings (e.g. <c>Slack:ApiBaseUrl</c>) before the provider is built;
    /// <paramref name="attemptTimeout"/> replaces the policy's 30 s per attempt (<see cref="OutboundResilienceOptions"/>).
    /// </summary>
    public static async Task<WebApiFixture> StartAsync(Action<FakeSlackApi, Dictionary<string, string?>>? configure = null, TimeSpan? attemptTimeout = null)
    {
        var fake = await FakeSlackApi.StartAsync(Token);
        // The people the client tests look up, as Slack knows them.
        fake.AddUser("U0ANA", "Ana.Ortiz@Example.com", "ana.ortiz", "Ana Ortiz");
        fake.AddUser("U0BEN", "ben@example.com", "ben", "Ben Okafor", "America/New_York");
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = "8f742231b10e8888abcd99yyyzzz85a5",
            ["Slack:BotToken"] = Token,
            ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
        };
        configure?.Invoke(fake, settings);

        return new WebApiFixture(fake, settings, attemptTimeout);
    }
}
