using System.Net;
using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.Cluster;

/// <summary>
/// One URL in front of several host processes, as a load balancer is: requests go round-robin, and a request whose host
/// does not answer (refused, reset: the host is gone) is sent to the next one. What a request was sent to is counted.
/// </summary>
internal sealed class LoadBalancer(IReadOnlyList<HostProcess> hosts) : IDisposable
{
    private readonly HttpClient[] _clients = [.. hosts.Select(h => h.Client())];
    private readonly bool[] _down = new bool[hosts.Count];
    private int _next = -1;

    /// <summary>Sends <paramref name="request"/> (made anew for each try) to the next host that answers.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request) =>
        await SendToAsync(Interlocked.Increment(ref _next), request);

    /// <summary>Sends to host <paramref name="first"/> (mod the count) first, then on to the others if it does not answer.</summary>
    public async Task<HttpResponseMessage> SendToAsync(int first, Func<HttpRequestMessage> request)
    {
        var errors = new List<string>();
        for (var i = 0; i < _clients.Length; i++)
        {
            var index = (first + i) % _clients.Length;
            if (Volatile.Read(ref _down[index]))
            {
                continue;
            }

            try
            {
                using var message = request();
                return await _clients[index].SendAsync(message);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                // The balancer's health check would take it out: no further request goes there.
                Volatile.Write(ref _down[index], true);
                errors.Add($"host {index}: {e.Message}");
            }
        }

        throw new HttpRequestException($"no host answered: {string.Join("; ", errors)}", null, HttpStatusCode.BadGateway);
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
