using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.Api;

/// <summary>
/// The 1 MiB limit on the real server (Kestrel on loopback), for bodies sent chunked without Content-Length: it counts
/// the body's bytes, not the chunk framing, and it holds on every endpoint, also on one that does not read its body.
/// </summary>
public sealed class ChunkedBodyLimitTests : IDisposable
{
    private const int Limit = 1_048_576;
    private const string ApiKey = "chunked-test-key";

    private readonly HostProcess _host = HostProcess.Start(
        new Dictionary<string, string>
        {
            ["Api:Keys:0:Name"] = "ci",
            ["Api:Keys:0:Sha256"] = HostFixture.Sha256Hex(ApiKey),
            ["Api:Keys:0:Scopes:0"] = "items:write",
            ["Api:Keys:0:Scopes:1"] = "deploy:check",
            ["Api:Keys:0:Scopes:2"] = "audit:read",
        },
        TempFolder.Create());

    [Fact]
    public async Task ABodyOfExactlyOneMiB_InSmallChunks_IsAccepted_AndOneByteMoreIs413_OnEveryEndpoint()
    {
        using var client = _host.Client(ApiKey);
        await _host.WaitHealthyAsync(client);

        // 1 KiB chunks: about 8 framing bytes per chunk, 8 KiB of framing around the body in all.
        var (status, body) = await SendChunkedAsync("POST", "/api/v1/items", Padded("""{"project":"fraud-detection","name":"churn-xgb","version":"7","owner":"ana@example.com"}""", Limit), 1024);
        Assert.True(status == 201, $"{status}: {body}");
        var events = await EventsAsync(client);

        (status, body) = await SendChunkedAsync("POST", "/api/v1/items", Padded("""{"project":"fraud-detection","name":"churn-xgb","version":"8","owner":"ana@example.com"}""", Limit + 1), 1024);
        Assert.True(status == 413, $"{status}: {body}");
        Assert.Contains("1,048,576", body, StringComparison.Ordinal);

        // A GET that reads no body: refused all the same, and the check is not recorded.
        (status, body) = await SendChunkedAsync("GET", "/api/v1/deploy-check?item=fraud-detection/churn-xgb@7&infrastructure=sandbox", Padded("{}", Limit + 1), 64 * 1024);
        Assert.True(status == 413, $"{status}: {body}");
        (status, _) = await SendChunkedAsync("GET", "/healthz", Padded("{}", Limit + 1), 64 * 1024);
        Assert.Equal(413, status);
        Assert.Equal(events, await EventsAsync(client));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/items/fraud-detection/churn-xgb@8")).StatusCode);
    }

    public void Dispose() => _host.Dispose();

    private static async Task<int> EventsAsync(HttpClient client) =>
        (int)(await ApiJson.ReadAsync(await client.GetAsync("/api/v1/audit/verify")))["events"]!;

    /// <summary>One HTTP/1.1 request over a raw socket, its body in chunks of <paramref name="chunk"/> bytes; the status and the body of the answer.</summary>
    private async Task<(int Status, string Body)> SendChunkedAsync(string method, string path, byte[] body, int chunk)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, _host.BaseAddress.Port);
        var stream = socket.GetStream();
        var head = $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {ApiKey}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        try
        {
            for (var at = 0; at < body.Length; at += chunk)
            {
                var size = Math.Min(chunk, body.Length - at);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(size.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
                await stream.WriteAsync(body.AsMemory(at, size));
                await stream.WriteAsync("\r\n"u8.ToArray());
            }

            await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        }
        catch (IOException)
        {
            // The server may answer 413 and close before the whole body is sent.
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync();
        var status = int.Parse(answer.Split(' ')[1], CultureInfo.InvariantCulture);
        return (status, answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    private static byte[] Padded(string json, int length)
    {
        var padded = new byte[length];
        Array.Fill(padded, (byte)' ');
        Encoding.UTF8.GetBytes(json).CopyTo(padded, 0);
        return padded;
    }
}
