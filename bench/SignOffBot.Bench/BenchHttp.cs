using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SignOffBot.Testing.Slack;
using SignOffBot.Testing.Teams;

namespace SignOffBot.Bench;

/// <summary>The bench's HTTP clients, its success test, and the settings of a host it starts (a LiteDB store by default).</summary>
internal static class BenchHttp
{
    public static HttpClient Client(Uri baseAddress, string? apiKey = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public static async Task<bool?> Ok(Task<HttpResponseMessage> request)
    {
        try
        {
            using var response = await request;
            await response.Content.LoadIntoBufferAsync();
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    public static JsonObject HostSettings(string database, FakeSlackApi slack, FakeBotFramework bot)
    {
        var config = new JsonObject
        {
            ["Storage"] = new JsonObject { ["Provider"] = "LiteDb", ["LiteDb"] = new JsonObject { ["Path"] = database } },
            ["Api"] = new JsonObject
            {
                ["Keys"] = new JsonArray(new JsonObject
                {
                    ["Name"] = "bench",
                    ["Sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Decisions.ApiKey))),
                    ["Scopes"] = new JsonArray("items:write", "deploy:check", "audit:read"),
                }),
            },
            // The fakes do not rate-limit, and the bench's answers all land in one release channel: paced at Slack's real
            // 1 post/s per channel the backlog could never drain, which says nothing about the dispatcher itself.
            ["Outbox"] = new JsonObject { ["SlackPace"] = "00:00:00", ["TeamsPace"] = "00:00:00" },
            // One key drives every client: the per-key limit would measure the limiter, not the host.
            ["RateLimits"] = new JsonObject { ["Api"] = new JsonObject { ["PerSecond"] = 1_000_000, ["Burst"] = 1_000_000 } },
            // Information logs one line per request-level event to the console; a production host would ship them elsewhere.
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
        };
        BenchProcesses.Merge(config, slack.Settings());
        return BenchProcesses.Merge(config, bot.Settings());
    }
}
