using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SignOffBot.Host.Teams.Connector;

namespace SignOffBot.Host.Tests.Teams.Connector;

/// <summary>
/// A fake clock that reports every timer started on it, so a test can advance it through exactly the waits the
/// code under test makes (no real sleeping) and assert them.
/// </summary>
internal sealed class StepClock() : FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero))
{
    private readonly Channel<TimeSpan> _started = Channel.CreateUnbounded<TimeSpan>();

    /// <summary>The due time of every (finite) timer started, in order.</summary>
    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Waits.Enqueue(dueTime);
            _started.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Awaits <paramref name="task"/>, advancing the clock by each wait it starts meanwhile.</summary>
    public async Task<T> DriveAsync<T>(Task<T> task)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var started = _started.Reader.WaitToReadAsync(guard.Token).AsTask();
            if (await Task.WhenAny(task, started) == task)
            {
                return await task;
            }

            await started;
            while (_started.Reader.TryRead(out var due))
            {
                Advance(due);
            }
        }
    }

    public Task DriveAsync(Task task) => DriveAsync(AsBool(task));

    private static async Task<bool> AsBool(Task task)
    {
        await task;
        return true;
    }
}

/// <summary>Every log line (all levels), to check what the connector logs and that no secret is in it.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class ListLogger(ListLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{category} {logLevel} {eventId.Id}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>The fake, a <see cref="StepClock"/> and a service provider built with <see cref="TeamsConnectorServiceCollectionExtensions.AddBotConnector"/>.</summary>
internal sealed class ConnectorHarness : IAsyncDisposable
{
    public const string AppId = "00000000-aaaa-bbbb-cccc-000000000001";

    /// <summary>With characters that form encoding must escape.</summary>
    public const string AppPassword = "s3cr3t~Pa55+&=/ %é";

    private ConnectorHarness(ConnectorFake fake, StepClock clock, ListLoggerProvider logs, ServiceProvider services)
    {
        Fake = fake;
        Clock = clock;
        Logs = logs;
        Services = services;
    }

    public ConnectorFake Fake { get; }

    public StepClock Clock { get; }

    public ListLoggerProvider Logs { get; }

    public ServiceProvider Services { get; }

    public BotConnectorClient Client => Services.GetRequiredService<BotConnectorClient>();

    public BotTokenProvider Tokens => Services.GetRequiredService<BotTokenProvider>();

    public static async Task<ConnectorHarness> StartAsync(Action<ConnectorFake, Dictionary<string, string?>>? configure = null)
    {
        var fake = await ConnectorFake.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Teams:AppId"] = AppId,
            ["Teams:AppPassword"] = AppPassword,
            ["Teams:TenantId"] = ConnectorFake.Tenant,
            ["Teams:TokenEndpoint"] = fake.TokenEndpoint,
        };
        configure?.Invoke(fake, settings);

        var clock = new StepClock();
        var logs = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<TimeProvider>(clock);
        services.AddBotConnector();
        return new ConnectorHarness(fake, clock, logs, services.BuildServiceProvider(validateScopes: true));
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
    }

    /// <summary>Every log line and nothing in it carries the client secret or a token the fake issued.</summary>
    public void AssertNoSecretsLogged()
    {
        Assert.NotEmpty(Logs.Lines);
        foreach (var line in Logs.Lines)
        {
            Assert.DoesNotContain(AppPassword, line, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(AppPassword), line, StringComparison.Ordinal);
            foreach (var token in Fake.IssuedTokens)
            {
                Assert.DoesNotContain(token, line, StringComparison.Ordinal);
            }
        }
    }
}
