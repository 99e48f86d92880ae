using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Http;
using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.Infrastructure;

/// <summary>
/// An outbound client under test and the platform fake it calls: the settings as configuration, every log line kept,
/// a <see cref="StepClock"/> for the waits, and (when given) a shorter attempt timeout for the retry policy.
/// </summary>
internal abstract class OutboundClientFixture<TFake> : IAsyncDisposable where TFake : IAsyncDisposable
{
    protected OutboundClientFixture(TFake fake, IReadOnlyDictionary<string, string?> settings, TimeSpan? attemptTimeout, Action<IServiceCollection> addClient)
    {
        Fake = fake;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Clock);
        if (attemptTimeout is { } timeout)
        {
            services.Configure<OutboundResilienceOptions>(o => o.AttemptTimeout = timeout);
        }

        addClient(services);
        Services = services.BuildServiceProvider(validateScopes: true);
    }

    public TFake Fake { get; }

    public StepClock Clock { get; } = new();

    public TestLogs Logs { get; } = new();

    public ServiceProvider Services { get; }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
