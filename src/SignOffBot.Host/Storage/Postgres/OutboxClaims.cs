using System.Collections.Concurrent;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>
/// The outbox deliveries this host has claimed and not saved yet, each with the claim it holds (the host's name and a
/// number). A delivery's new state is stored only while the delivery is still under this host's claim: once the lease
/// ran out and another host took it over, what this host learnt late is dropped instead of undoing the other's.
/// </summary>
public sealed class OutboxClaims(string host)
{
    private readonly ConcurrentDictionary<long, string> _held = new();
    private long _claims;

    /// <summary>This host as claims name it (not secret: machine, process and a random part).</summary>
    public string Host => host;

    /// <summary>A new claim's name.</summary>
    public string Next() => $"{host}#{Interlocked.Increment(ref _claims)}";

    public void Hold(long delivery, string claim) => _held[delivery] = claim;

    /// <summary>The claim this host holds on <paramref name="delivery"/>, or null when it holds none.</summary>
    public string? Of(long delivery) => _held.TryGetValue(delivery, out var claim) ? claim : null;

    /// <summary>Forgets a claim once its delivery was stored (only that claim: a newer one of the same delivery stays).</summary>
    public void Release(long delivery, string claim) => _held.TryRemove(new KeyValuePair<long, string>(delivery, claim));
}
