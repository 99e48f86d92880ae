using SignOffBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Http;
using SignOffBot.Host.Slack.WebApi;

using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Slack.WebApi;

/// <summary>The fake, a <see cref="StepClock"/>, captured logs and a provider built with <c>AddSlackWebApi()</c>.</summary>
internal sealed class WebApiHarness : IAsyncDisposable
{
    /// <summary>A bot token shaped like Slack's; it must never show up in a log line or an exception message.</summary>
    public const string Token = "xoxb-1111-2222-SeCrEtToKeN";

    private WebApiHarness(WebApiFake fake, StepClock clock, TestLogs logs, ServiceProvider services)
    {
        Fake = fake;
        Clock = clock;
        Logs = logs;
        Services = services;
    }

    public WebApiFake Fake { get; }

    public StepClock Clock { get; }

    public TestLogs Logs { get; }

    public ServiceProvider Services { get; }

    public SlackApiClient Client => Services.GetRequiredService<SlackApiClient>();

    /// <summary>
    /// <paramref name="configure"/> may change the settings (e.g. <c>Slack:ApiBaseUrl</c>) before the provider is built;
    /// <paramref name="attemptTimeout"/> replaces the policy's 30 s per attempt (<see cref="OutboundResilienceOptions"/>).
    /// </summary>
    public static async Task<WebApiHarness> StartAsync(Action<WebApiFake, Dictionary<string, string?>>? configure = null, TimeSpan? attemptTimeout = null)
    {
        var fake = await WebApiFake.StartAsync(Token);
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = "8f742231b10e8888abcd99yyyzzz85a5",
            ["Slack:BotToken"] = Token,
            ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
        };
        configure?.Invoke(fake, settings);

        var clock = new StepClock();
        var logs = new TestLogs();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<TimeProvider>(clock);
        if (attemptTimeout is { } timeout)
        {
            services.Configure<OutboundResilienceOptions>(o => o.AttemptTimeout = timeout);
        }

        services.AddSlackWebApi();
        return new WebApiHarness(fake, clock, logs, services.BuildServiceProvider(validateScopes: true));
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
