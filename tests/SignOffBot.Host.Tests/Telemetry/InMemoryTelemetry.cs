using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Telemetry;

/// <summary>
/// The in-memory OpenTelemetry exporters in a test host: the test adds only the providers and the exporters; the
/// sources, meters and instrumentations are the host's own registrations.
/// </summary>
public sealed class InMemoryTelemetry
{
    private readonly Locked<Activity> _spans = new();
    private readonly Locked<MetricSnapshot> _metrics = new();
    private HostFixture? _app;

    public static InMemoryTelemetry In(HostFixture app)
    {
        var telemetry = new InMemoryTelemetry { _app = app };
        app.ExtraServices.Add(services => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(telemetry._spans))
            .WithMetrics(metrics => metrics.AddInMemoryExporter(telemetry._metrics)));
        return telemetry;
    }

    /// <summary>Spans ended so far.</summary>
    public IReadOnlyList<Activity> Spans => _spans.Snapshot();

    /// <summary>Collects every instrument now and returns the points of <paramref name="name"/> (cumulative since start).</summary>
    public IReadOnlyList<MetricPoint> Points(string name)
    {
        _app!.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var latest = _metrics.Snapshot().LastOrDefault(m => m.Name == name);
        return latest is null ? [] : [.. latest.MetricPoints];
    }

    public static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    public static bool Has(MetricPoint point, params (string Key, string Value)[] tags) => tags.All(t => Tag(point, t.Key) == t.Value);

    /// <summary>Waits (bounded) until a span matching <paramref name="match"/> has ended.</summary>
    /// <param name="whileWaiting">Run between looks (e.g. moving the fake clock on, so paced deliveries come due).</param>
    public async Task<IReadOnlyList<Activity>> WaitForSpansAsync(Func<Activity, bool> match, int count = 1, Action? whileWaiting = null)
    {
        for (var deadline = Environment.TickCount64 + 15_000; ; await Task.Delay(25))
        {
            whileWaiting?.Invoke();
            var found = Spans.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Expected {count} matching spans, got {found.Count}. All: {string.Join(", ", Spans.Select(s => s.DisplayName))}");
            }
        }
    }

    /// <summary>The exporters append from the threads that end spans and collect: a list under a lock.</summary>
    private sealed class Locked<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public T[] Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public void Add(T item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(T item) => Snapshot().Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(T item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
