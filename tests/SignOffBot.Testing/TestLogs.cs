using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace SignOffBot.Testing;

/// <summary>
/// The tests' one log collector: a <see cref="FakeLoggerProvider"/> over a <see cref="FakeLogCollector"/> that keeps
/// every entry at every level, read as records (<see cref="Entries"/>) or as lines (<see cref="Lines"/>, "category
/// level id: message exception", to check what was logged and that no secret is in it).
/// </summary>
public sealed class TestLogs : ILoggerProvider
{
    private readonly FakeLoggerProvider _provider;

    public TestLogs()
    {
        Collector = FakeLogCollector.Create(new FakeLogCollectorOptions());
        _provider = new FakeLoggerProvider(Collector);
    }

    public FakeLogCollector Collector { get; }

    public IReadOnlyList<FakeLogRecord> Entries => Collector.GetSnapshot();

    public IEnumerable<string> Lines => Entries.Select(e => $"{e.Category} {e.Level} {e.Id.Id}: {e.Message} {e.Exception}");

    public ILogger CreateLogger(string categoryName) => _provider.CreateLogger(categoryName);

    public void Dispose() => _provider.Dispose();
}
