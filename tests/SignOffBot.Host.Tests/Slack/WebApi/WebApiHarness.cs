using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SignOffBot.Host.Slack.WebApi;

namespace SignOffBot.Host.Tests.Slack.WebApi;

/// <summary>
/// A fake clock that records every timer started on it, so a test can drive the client through exactly the waits
/// it takes (advancing the clock, never sleeping) and assert them.
/// </summary>
internal sealed class WaitClock() : FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero))
{
    private readonly Channel<TimeSpan> _started = Channel.CreateUnbounded<TimeSpan>();

    /// <summary>The due time of every finite timer started, in order.</summary>
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

/// <summary>Every log line at every level, to check what is logged and that the token is not.</summary>
internal sealed class LogLines : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogLines owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{category} {logLevel} {eventId.Id}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>The fake, a <see cref="WaitClock"/>, captured logs and a provider built with <c>AddSlackWebApi()</c>.</summary>
internal sealed class WebApiHarness : IAsyncDisposable
{
    /// <summary>A bot token shaped like Slack's; it must never show up in a log line or an exception message.</summary>
    public const string Token = "xoxb-1111-2222-SeCrEtToKeN";

    private WebApiHarness(WebApiFake fake, WaitClock clock, LogLines logs, ServiceProvider services)
    {
        Fake = fake;
        Clock = clock;
        Logs = logs;
        Services = services;
    }

    public WebApiFake Fake { get; }

    public WaitClock Clock { get; }

    public LogLines Logs { get; }

    public ServiceProvider Services { get; }

    public SlackApiClient Client => Services.GetRequiredService<SlackApiClient>();

    /// <summary><paramref name="configure"/> may change the settings (e.g. <c>Slack:ApiBaseUrl</c>) before the provider is built.</summary>
    public static async Task<WebApiHarness> StartAsync(Action<WebApiFake, Dictionary<string, string?>>? configure = null)
    {
        var fake = await WebApiFake.StartAsync(Token);
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = "8f742231b10e8888abcd99yyyzzz85a5",
            ["Slack:BotToken"] = Token,
            ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
        };
        configure?.Invoke(fake, settings);

        var clock = new WaitClock();
        var logs = new LogLines();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSlackWebApi();
        return new WebApiHarness(fake, clock, logs, services.BuildServiceProvider(validateScopes: true));
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
