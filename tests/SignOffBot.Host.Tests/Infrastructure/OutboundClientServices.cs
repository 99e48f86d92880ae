using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Http;
using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.Infrastructure;

/// <summary>
/// The services an outbound client fixture builds its client from: the settings as configuration, every log line
/// kept, a <see cref="StepClock"/>, and (when given) a shorter attempt timeout for the retry policy.
/// </summary>
internal static class OutboundClientServices
{
    public static (StepClock Clock, TestLogs Logs, ServiceProvider Services) Build(
        IReadOnlyDictionary<string, string?> settings, TimeSpan? attemptTimeout, Action<IServiceCollection> addClient)
    {
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

        addClient(services);
        return (clock, logs, services.BuildServiceProvider(validateScopes: true));
    }
}
