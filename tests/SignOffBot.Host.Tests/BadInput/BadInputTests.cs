using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Slack;
using SignOffBot.Testing.Teams;
using Xunit.Abstractions;

namespace SignOffBot.Host.Tests.BadInput;

/// <summary>
/// Issue 7, bad input: seeded random and mutated bodies, headers, query strings and methods against every endpoint of
/// the real host (Teams, Slack and the playground on). Never a 5xx, never a secret in a response, never a state change.
/// Issue 12 adds well-formed requests that would change state but for a limit: texts one character over the domain's
/// length limits, keys limited to another project or person, delegations and confirmations segregation of duties
/// forbids. Bounded: a fixed seed, about 1,300 requests, and each limit request once more at the end.
/// </summary>
public sealed class BadInputTests(ITestOutputHelper output)
{
    private const int Seed = 20261123;
    private const int Rounds = 1300;
    private const string ItemKey = "fraud-detection/churn-xgb@7";
    private const string ItemUrl = "/api/v1/items/fraud-detection/churn-xgb@7";

    /// <summary>Every scope, limited to project credit-scoring (the seeded item is in fraud-detection).</summary>
    private const string CreditOnlyKey = "test-key-fuzz-credit-scoring-only";

    /// <summary>Every scope on fraud-detection, acting only as dev@example.com (the seeded item's owner is ana@).</summary>
    private const string DevOnlyKey = "test-key-fuzz-acts-as-dev-only";

    private static readonly string[] ApiKeys =
    [
        HostFixture.AllScopesKey, HostFixture.ItemsOnlyKey, HostFixture.AuditOnlyKey, CreditOnlyKey, DevOnlyKey,
    ];

    private static readonly string[] Secrets =
    [
        FakeSlackApi.DefaultSigningSecret, FakeSlackApi.DefaultBotToken, FakeBotFramework.DefaultAppPassword,
        HostFixture.AllScopesKey, HostFixture.ItemsOnlyKey, HostFixture.AuditOnlyKey, CreditOnlyKey, DevOnlyKey,
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/x-www-form-urlencoded", "text/plain", "application/xml", "multipart/form-data; boundary=x",
        "application/octet-stream", "application/json; charset=utf-32", "application/problem+json", "image/png", "*/*",
    ];

    private static readonly HttpMethod[] Methods =
    [
        HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Head, HttpMethod.Options, new("PROPFIND"),
    ];

    /// <summary>(method, path, whether it is a JSON API endpoint that writes) for every endpoint.</summary>
    private static readonly (HttpMethod Method, string Path)[] Endpoints =
    [
        (HttpMethod.Get, "/healthz"),
        (HttpMethod.Post, "/api/v1/items"),
        (HttpMethod.Get, ItemUrl),
        (HttpMethod.Post, ItemUrl + "/request-feedback"),
        (HttpMethod.Post, ItemUrl + "/request-final"),
        (HttpMethod.Get, "/api/v1/deploy-check"),
        (HttpMethod.Post, "/api/v1/deploy-check/confirm"),
        (HttpMethod.Get, "/api/v1/audit"),
        (HttpMethod.Get, "/api/v1/audit/export"),
        (HttpMethod.Get, "/api/v1/audit/verify"),
        (HttpMethod.Get, "/api/v1/outbox/dead"),
        (HttpMethod.Get, "/api/v1/health/details"),
        (HttpMethod.Post, "/api/messages"),
        (HttpMethod.Post, SlackSigner.CommandsPath),
        (HttpMethod.Post, SlackSigner.InteractionsPath),
        (HttpMethod.Post, SlackSigner.EventsPath),
        (HttpMethod.Get, "/"),
        (HttpMethod.Get, "/playground/playground.js"),
        (HttpMethod.Get, "/playground/api/directory"),
        (HttpMethod.Get, "/playground/api/page"),
        (HttpMethod.Post, "/playground/api/commands"),
        (HttpMethod.Post, "/playground/api/actions"),
    ];

    private const string PlaygroundCommandBody = """{"as":"ana@example.com","text":"request-feedback fraud-detection/churn-xgb@7 Business","conversation":"dm","id":"fuzz"}""";
    private const string PlaygroundActionBody = """{"as":"biz@example.com","verb":"feedback.approve","data":{"item":"fraud-detection/churn-xgb@7","slot":"Business","commentInput":"c","c":"ok"},"id":"fuzz"}""";

    private static readonly string RegisterBody = JsonSerializer.Serialize(new
    {
        project = "fraud-detection", name = "churn-xgb", version = "8", kind = "model", risk = "high", owner = "ana@example.com",
        evidence = new { modelCard = "https://wiki.example.com/card", ticket = "CHG-1042" },
    });

    private const string FeedbackBody = """{"by":"ana@example.com","categories":["IT & Operations"]}""";
    private const string FinalBody = """{"by":"ana@example.com"}""";
    private const string ConfirmBody = """{"item":"fraud-detection/churn-xgb@7","infrastructure":"staging-api","by":"ana@example.com","reason":"load test"}""";

    private readonly Dictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private int _requests;

    [Fact]
    public async Task RandomAndMutatedRequests_NeverFail_LeakOrChangeState()
    {
        var started = Environment.TickCount64;
        await using var fuzz = await FuzzFixture.StartAsync();
        var rng = new Random(Seed);
        var (events, item) = await fuzz.SeedAsync();
        output.WriteLine($"seed {Seed}; baseline: {events} audit events");

        var limits = LimitRequests(fuzz);
        for (var round = 0; round < Rounds; round++)
        {
            var kind = rng.Next(11);
            switch (kind)
            {
                case 0:
                    await SendAsync(fuzz, RandomBytesRequest(rng, fuzz), $"random bytes #{round}");
                    break;
                case 1:
                case 2:
                    await SendAsync(fuzz, MutatedApiRequest(rng), $"mutated api #{round}");
                    break;
                case 3:
                    await SendAsync(fuzz, WrongMethodOrPathRequest(rng), $"wrong method/path #{round}");
                    break;
                case 4:
                    await SendAsync(fuzz, HeaderAndQueryRequest(rng), $"headers/query #{round}");
                    break;
                case 5:
                    await SlackTamperedAsync(rng, fuzz, round);
                    break;
                case 6:
                    await SendAsync(fuzz, SlackSignedGarbage(rng, fuzz), $"slack signed garbage #{round}");
                    break;
                case 7:
                    await SendAsync(fuzz, PlaygroundRequest(rng), $"playground #{round}");
                    break;
                case 8:
                    await SendLimitAsync(fuzz, limits[rng.Next(limits.Count)], round);
                    break;
                default:
                    await SendAsync(fuzz, TeamsRequest(rng, fuzz), $"teams #{round}");
                    break;
            }
        }

        for (var i = 0; i < limits.Count; i++)
        {
            await SendLimitAsync(fuzz, limits[i], Rounds + i);
        }

        var (eventsAfter, itemAfter) = await fuzz.StateAsync();
        var elapsed = TimeSpan.FromMilliseconds(Environment.TickCount64 - started);
        output.WriteLine($"{_requests} requests in {elapsed.TotalSeconds:F1} s; statuses: {string.Join(", ", _statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.Equal(events, eventsAfter);
        Assert.Equal(item, itemAfter);
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"bounded in time: {elapsed}");
    }

    // ---------------------------------------------------------------- generators

    private static HttpRequestMessage RandomBytesRequest(Random rng, FuzzFixture fuzz)
    {
        var (_, path) = Endpoints[rng.Next(Endpoints.Length)];
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Bytes(RandomBytes(rng), Pick(rng, ContentTypes)) };
        var auth = RandomAuthorization(rng, fuzz, allowValid: true);
        if (auth is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", auth);
        }

        return request;
    }

    /// <summary>A JSON API endpoint with a mutated valid body; bodies that still parse go only with an invalid key.</summary>
    private static HttpRequestMessage MutatedApiRequest(Random rng)
    {
        var (path, valid) = rng.Next(4) switch
        {
            0 => ("/api/v1/items", RegisterBody),
            1 => (ItemUrl + "/request-feedback", FeedbackBody),
            2 => (ItemUrl + "/request-final", FinalBody),
            _ => ("/api/v1/deploy-check/confirm", ConfirmBody),
        };
        var authorized = rng.Next(2) == 0;
        var body = Mutate(rng, valid, mustBreakJson: authorized);
        if (!authorized && rng.Next(4) == 0)
        {
            body = valid;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path + RandomQuery(rng, authorized))
        {
            Content = Bytes(Encoding.UTF8.GetBytes(body), rng.Next(3) == 0 ? Pick(rng, ContentTypes) : "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorized ? "Bearer " + Pick(rng, ApiKeys) : InvalidAuthorization(rng));
        return request;
    }

    private static HttpRequestMessage WrongMethodOrPathRequest(Random rng)
    {
        var (method, path) = Endpoints[rng.Next(Endpoints.Length)];
        HttpMethod other;
        do
        {
            other = Pick(rng, Methods);
        }
        while (other == method);

        if (rng.Next(3) == 0)
        {
            path = rng.Next(3) switch
            {
                0 => $"/api/v1/items/{RandomToken(rng)}/{RandomToken(rng)}",
                1 => $"/api/v1/items/{RandomToken(rng)}/{RandomToken(rng)}@{RandomToken(rng)}/request-{RandomToken(rng)}",
                _ => "/" + RandomToken(rng) + "/" + RandomToken(rng),
            };
            other = rng.Next(2) == 0 ? HttpMethod.Get : other;
        }

        var request = new HttpRequestMessage(other, path);
        if (other != HttpMethod.Get && other != HttpMethod.Head && rng.Next(2) == 0)
        {
            // Bodies here never parse as JSON, so a key that happens to work cannot change anything.
            request.Content = Bytes(Encoding.UTF8.GetBytes(Mutate(rng, Pick(rng, [RegisterBody, FeedbackBody, ConfirmBody]), mustBreakJson: true)), Pick(rng, ContentTypes));
        }

        request.Headers.TryAddWithoutValidation("Authorization", rng.Next(2) == 0 ? "Bearer " + Pick(rng, ApiKeys) : InvalidAuthorization(rng));
        return request;
    }

    /// <summary>Huge, empty and odd headers and random query strings on read endpoints (writes get unparseable bodies).</summary>
    private static HttpRequestMessage HeaderAndQueryRequest(Random rng)
    {
        var (method, path) = Endpoints[rng.Next(Endpoints.Length)];
        var authorized = rng.Next(2) == 0;
        var request = new HttpRequestMessage(method, path + RandomQuery(rng, authorized));
        if (method == HttpMethod.Post)
        {
            request.Content = Bytes(Encoding.UTF8.GetBytes(Mutate(rng, Pick(rng, [RegisterBody, FeedbackBody, FinalBody, ConfirmBody, "{}", "payload=%7B"]), mustBreakJson: true)), Pick(rng, ContentTypes));
        }

        request.Headers.TryAddWithoutValidation("Authorization", authorized ? "Bearer " + Pick(rng, ApiKeys) : InvalidAuthorization(rng));
        switch (rng.Next(6))
        {
            case 0:
                request.Headers.TryAddWithoutValidation("X-Fuzz", new string('a', rng.Next(8_000, 32_000)));
                break;
            case 1:
                request.Headers.TryAddWithoutValidation(SlackSigner.TimestampHeader, "");
                request.Headers.TryAddWithoutValidation(SlackSigner.SignatureHeader, "");
                request.Headers.TryAddWithoutValidation("Accept", "");
                break;
            case 2:
                for (var i = 0; i < 50; i++)
                {
                    request.Headers.TryAddWithoutValidation($"X-Fuzz-{i}", RandomPrintable(rng, rng.Next(0, 200)));
                }

                break;
            case 3:
                request.Headers.TryAddWithoutValidation("Accept", RandomPrintable(rng, 40));
                request.Headers.TryAddWithoutValidation("Accept-Language", RandomPrintable(rng, 40));
                request.Headers.TryAddWithoutValidation("X-Forwarded-For", RandomPrintable(rng, 40));
                request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", RandomPrintable(rng, 10));
                break;
            case 4:
                request.Headers.TryAddWithoutValidation(SlackSigner.TimestampHeader, RandomPrintable(rng, rng.Next(0, 30)));
                request.Headers.TryAddWithoutValidation(SlackSigner.SignatureHeader, "v0=" + RandomPrintable(rng, rng.Next(0, 80)));
                break;
            default:
                if (request.Content is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Encoding", Pick(rng, ["gzip", "br", "deflate", RandomPrintable(rng, 8)]));
                }

                break;
        }

        return request;
    }

    /// <summary>Slack requests with the signature of the original body but another body sent: always 401.</summary>
    private async Task SlackTamperedAsync(Random rng, FuzzFixture fuzz, int round)
    {
        var (path, original, contentType) = rng.Next(3) switch
        {
            0 => (SlackSigner.CommandsPath, SlackSigner.FormEncode(SlackSigner.CommandFields(rng.Next(2) == 0 ? "status " + ItemKey : "request-feedback " + ItemKey, responseUrl: fuzz.Slack.ResponseUrl("fuzz"))), SlackSigner.FormContentType),
            1 => (SlackSigner.InteractionsPath, "payload=" + SlackSigner.Escape(InteractionPayload()), SlackSigner.FormContentType),
            _ => (SlackSigner.EventsPath, EventBody(), SlackSigner.JsonContentType),
        };
        string mutated;
        do
        {
            mutated = Mutate(rng, original, mustBreakJson: false);
        }
        while (mutated == original);

        var request = fuzz.Signer.SignedRequest(path, Encoding.UTF8.GetBytes(mutated), contentType, SlackTamper.OverBody(original));
        var response = await SendAsync(fuzz, request, $"slack tampered #{round}");
        Assert.True(response == HttpStatusCode.Unauthorized, $"slack tampered #{round}: {path} with a body not matching its signature must be 401, got {(int)response}: {mutated}");
    }

    /// <summary>Correctly signed Slack requests whose content is not a command nor parseable JSON, or with spoiled headers.</summary>
    private static HttpRequestMessage SlackSignedGarbage(Random rng, FuzzFixture fuzz)
    {
        var signer = fuzz.Signer;
        switch (rng.Next(7))
        {
            case 0:
                return signer.CommandRequest(NotACommand(rng), responseUrl: fuzz.Slack.ResponseUrl("fuzz"));
            case 1:
                {
                    var body = SlackSigner.FormEncode(SlackSigner.CommandFields(NotACommand(rng), responseUrl: fuzz.Slack.ResponseUrl("fuzz")));
                    return signer.SignedRequest(SlackSigner.CommandsPath, Encoding.UTF8.GetBytes(Mutate(rng, body, mustBreakJson: false)), Pick(rng, [SlackSigner.FormContentType, SlackSigner.FormContentType, .. ContentTypes]));
                }

            case 2:
                return signer.InteractionRequest(Mutate(rng, InteractionPayload(), mustBreakJson: true));
            case 3:
                return signer.EventRequest(Mutate(rng, EventBody(), mustBreakJson: true));
            case 4:
                {
                    var path = Pick(rng, [SlackSigner.CommandsPath, SlackSigner.InteractionsPath, SlackSigner.EventsPath]);
                    var bytes = RandomBytes(rng);
                    while (IsJson(bytes))
                    {
                        bytes = RandomBytes(rng);
                    }

                    return signer.SignedRequest(path, bytes, Pick(rng, ContentTypes));
                }

            case 5:
                {
                    var path = Pick(rng, [SlackSigner.CommandsPath, SlackSigner.InteractionsPath, SlackSigner.EventsPath]);
                    var tamper = rng.Next(7) switch
                    {
                        0 => SlackTamper.NoSignature,
                        1 => SlackTamper.NoTimestamp,
                        2 => SlackTamper.WrongSecret,
                        3 => SlackTamper.Offset(TimeSpan.FromMinutes(rng.Next(6, 100_000) * (rng.Next(2) == 0 ? -1 : 1))),
                        4 => new SlackTamper { Timestamp = RandomPrintable(rng, rng.Next(0, 25)) },
                        5 => new SlackTamper { Signature = RandomPrintable(rng, rng.Next(0, 100)) },
                        _ => new SlackTamper { Version = Pick(rng, ["v1", "", "V0", "v00", "x"]) },
                    };
                    var body = path == SlackSigner.EventsPath ? EventBody() : SlackSigner.FormEncode(SlackSigner.CommandFields("request-feedback " + ItemKey, responseUrl: fuzz.Slack.ResponseUrl("fuzz")));
                    return signer.SignedRequest(path, Encoding.UTF8.GetBytes(body), path == SlackSigner.EventsPath ? SlackSigner.JsonContentType : SlackSigner.FormContentType, tamper);
                }

            default:
                {
                    // Form bodies whose payload field is missing, doubled, empty or not JSON.
                    var body = Pick(rng, ["", "payload=", "payload=%7B", "payload=null", "payload=%5B%5D", "payload=1&payload=2", "&&&==", "payload=%ZZ", "payload=%7B%22type%22%3A%22block_actions%22%7D", "payload=%7B%22type%22%3A42%7D"]);
                    return signer.SignedRequest(SlackSigner.InteractionsPath, Encoding.UTF8.GetBytes(body), SlackSigner.FormContentType);
                }
        }
    }

    /// <summary>
    /// The playground's own endpoints, which take the person from the page: broken JSON, valid JSON naming no person of
    /// the directory or no card verb, unknown conversations, text that is no command, odd paths and people.
    /// </summary>
    private static HttpRequestMessage PlaygroundRequest(Random rng)
    {
        var (path, valid) = rng.Next(2) == 0 ? ("/playground/api/commands", PlaygroundCommandBody) : ("/playground/api/actions", PlaygroundActionBody);
        string body;
        switch (rng.Next(6))
        {
            case 0:
            case 1:
                body = Mutate(rng, valid, mustBreakJson: true);
                break;
            case 2:
                body = valid.Replace("ana@example.com", RandomToken(rng), StringComparison.Ordinal).Replace("biz@example.com", RandomPrintable(rng, rng.Next(0, 30)).Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal), StringComparison.Ordinal);
                break;
            case 3:
                body = valid.Replace("feedback.approve", Pick(rng, ["approve", "", "feedback", "refresh", "FEEDBACK.APPROVE", RandomToken(rng)]), StringComparison.Ordinal)
                    .Replace("request-feedback fraud-detection/churn-xgb@7 Business", NotACommand(rng).Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal), StringComparison.Ordinal);
                break;
            case 4:
                // Odd conversations and data shapes; a command that gets through is only a status, a press only by someone the slot is not for.
                body = path.EndsWith("commands", StringComparison.Ordinal)
                    ? valid.Replace("\"dm\"", Pick(rng, ["\"channel:nothing\"", "\"dm:ben@example.com\"", "\"channel:fraud-detection\"", "42", "[]", "\"\""]), StringComparison.Ordinal)
                        .Replace("request-feedback", "status", StringComparison.Ordinal)
                    : valid.Replace("\"data\":{", Pick(rng, ["\"data\":{\"x\":{", "\"data\":[{", "\"data\":{\"item\":null,", "\"data\":{\"slot\":\"Final approval\","]), StringComparison.Ordinal)
                        .Replace("biz@example.com", "dev@example.com", StringComparison.Ordinal);
                break;
            default:
                {
                    var get = new HttpRequestMessage(HttpMethod.Get, rng.Next(2) == 0
                        ? "/playground/api/page?as=" + Uri.EscapeDataString(RandomPrintable(rng, rng.Next(0, 40))) + (rng.Next(2) == 0 ? "&as=ana@example.com" : "")
                        : "/playground/" + Pick(rng, ["", "..", "%2e%2e/", "vendor/", "api/", "index.html/", "vendor/../../"]) + RandomToken(rng));
                    return get;
                }
        }

        return new HttpRequestMessage(HttpMethod.Post, path) { Content = Bytes(Encoding.UTF8.GetBytes(body), rng.Next(4) == 0 ? Pick(rng, ContentTypes) : "application/json") };
    }

    /// <summary>Teams activities: mutated JSON with a valid token (messages that are no command), and random tokens.</summary>
    private static HttpRequestMessage TeamsRequest(Random rng, FuzzFixture fuzz)
    {
        var bot = fuzz.Bot;
        var message = FakeBotFramework.Json(bot.MessageActivity("hello from the fuzzer " + RandomToken(rng)));
        var invoke = FakeBotFramework.Json(bot.InvokeActivity("adaptiveCard/action",
            new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "approve", ["data"] = new JsonObject { ["item"] = ItemKey, ["category"] = "Business" } }, ["trigger"] = "manual" }));
        string body;
        string? authorization = bot.ChannelAuthorization();
        string contentType = "application/json";
        switch (rng.Next(6))
        {
            case 0:
            case 1:
                body = Mutate(rng, message, mustBreakJson: false);

                break;
            case 2:
                body = Mutate(rng, invoke, mustBreakJson: true);
                break;
            case 3:
                body = Encoding.UTF8.GetString(RandomBytes(rng));
                contentType = Pick(rng, ContentTypes);
                break;
            case 4:
                body = rng.Next(2) == 0 ? message : invoke;
                authorization = rng.Next(5) switch
                {
                    0 => InvalidAuthorization(rng),
                    1 => "Bearer " + bot.ChannelToken(tamperSignature: true),
                    2 => "Bearer " + bot.ChannelToken() + RandomToken(rng),
                    3 => "Bearer " + Mutate(rng, bot.ChannelToken(), mustBreakJson: false),
                    _ => Pick(rng, ["Basic ", "Token ", "bearer", ""]) + bot.ChannelToken(),
                };
                break;
            default:
                body = Pick(rng, ["", "null", "[]", "{}", "\"\"", "{\"type\":null}", "{\"type\":\"invoke\"}", "{\"type\":\"message\",\"text\":null}", "{\"type\":42,\"from\":[]}", "{\"type\":\"invoke\",\"name\":\"adaptiveCard/action\",\"value\":\"x\"}"]);
                break;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages" + (rng.Next(5) == 0 ? RandomQuery(rng, authorized: true) : ""))
        {
            Content = Bytes(Encoding.UTF8.GetBytes(body), contentType),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    /// <summary>One well-formed request a limit must refuse, and the status the API answers (null for chat surfaces).</summary>
    private sealed record LimitRequest(string What, Func<HttpRequestMessage> Make, HttpStatusCode? Expected);

    /// <summary>
    /// Issue 12: requests that would each change state but for a limit (the seeded item is fraud-detection/churn-xgb@7,
    /// owned by ana@, Business feedback requested).
    /// </summary>
    private static List<LimitRequest> LimitRequests(FuzzFixture fuzz)
    {
        var over2000 = "Looks fine. " + new string('x', 1989);
        var name101 = new string('n', 101);
        var incident65 = "INC-" + new string('7', 61);
        HttpRequestMessage Api(string key, HttpMethod method, string path, object? body = null)
        {
            var request = new HttpRequestMessage(method, path) { Content = body is null ? null : ApiJson.Body(body) };
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
            return request;
        }

        HttpRequestMessage Playground(string path, object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = ApiJson.Body(body) };
            request.Headers.TryAddWithoutValidation("Origin", "http://localhost");
            request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
            return request;
        }

        HttpRequestMessage Command(string person, string text) => Playground("/playground/api/commands", new { @as = person, text, conversation = "dm", id = "fuzz" });
        HttpRequestMessage Slack(string text) => fuzz.Signer.CommandRequest(text, userId: "U0ANA", responseUrl: fuzz.Slack.ResponseUrl("fuzz"));

        var all = HostFixture.AllScopesKey;
        var confirm = new { item = ItemKey, infrastructure = "staging-api", by = "ana@example.com", reason = "load test" };
        var register = new { project = "fraud-detection", name = "churn-xgb", version = "9", owner = "ana@example.com" };
        return
        [
            new("2,001-character confirm reason", () => Api(all, HttpMethod.Post, "/api/v1/deploy-check/confirm", confirm with { reason = over2000 }), HttpStatusCode.BadRequest),
            new("confirm by someone outside the project", () => Api(all, HttpMethod.Post, "/api/v1/deploy-check/confirm", confirm with { by = "ben@example.com" }), HttpStatusCode.Forbidden),
            new("101-character name", () => Api(all, HttpMethod.Post, "/api/v1/items", register with { name = name101 }), HttpStatusCode.BadRequest),
            new("101-character version", () => Api(all, HttpMethod.Post, "/api/v1/items", register with { version = name101 }), HttpStatusCode.BadRequest),
            new("101-character name in a path", () => Api(all, HttpMethod.Get, $"/api/v1/items/fraud-detection/{name101}@7"), HttpStatusCode.BadRequest),
            new("101-character name in a deploy-check", () => Api(all, HttpMethod.Get, $"/api/v1/deploy-check?item=fraud-detection/{name101}@7&infrastructure=staging-api"), HttpStatusCode.BadRequest),
            new("project-limited key: request-feedback", () => Api(CreditOnlyKey, HttpMethod.Post, ItemUrl + "/request-feedback", new { by = "ana@example.com", categories = new[] { "IT & Operations" } }), HttpStatusCode.Forbidden),
            new("project-limited key: confirm", () => Api(CreditOnlyKey, HttpMethod.Post, "/api/v1/deploy-check/confirm", confirm), HttpStatusCode.Forbidden),
            new("project-limited key: register", () => Api(CreditOnlyKey, HttpMethod.Post, "/api/v1/items", register), HttpStatusCode.Forbidden),
            new("project-limited key: deploy-check", () => Api(CreditOnlyKey, HttpMethod.Get, $"/api/v1/deploy-check?item={Uri.EscapeDataString(ItemKey)}&infrastructure=staging-api"), HttpStatusCode.Forbidden),
            new("project-limited key: read", () => Api(CreditOnlyKey, HttpMethod.Get, ItemUrl), HttpStatusCode.Forbidden),
            new("project-limited key: audit", () => Api(CreditOnlyKey, HttpMethod.Get, $"/api/v1/audit?item={Uri.EscapeDataString(ItemKey)}"), HttpStatusCode.Forbidden),
            new("project-limited key: export", () => Api(CreditOnlyKey, HttpMethod.Get, "/api/v1/audit/export?format=csv"), HttpStatusCode.Forbidden),
            new("act-as-limited key: request-feedback", () => Api(DevOnlyKey, HttpMethod.Post, ItemUrl + "/request-feedback", new { by = "ana@example.com", categories = new[] { "IT & Operations" } }), HttpStatusCode.Forbidden),
            new("act-as-limited key: register", () => Api(DevOnlyKey, HttpMethod.Post, "/api/v1/items", register), HttpStatusCode.Forbidden),
            new("act-as-limited key: confirm", () => Api(DevOnlyKey, HttpMethod.Post, "/api/v1/deploy-check/confirm", confirm), HttpStatusCode.Forbidden),
            new("playground: 2,001-character comment", () => Playground("/playground/api/actions", new { @as = "biz@example.com", verb = "feedback.approve", data = new Dictionary<string, string> { ["item"] = ItemKey, ["slot"] = "Business", ["commentInput"] = "c", ["c"] = over2000 }, id = "fuzz" }), null),
            new("playground: 65-character incident", () => Command("ana@example.com", $"bypass {ItemKey} prod-api --incident {incident65} --hours 2"), null),
            new("playground: 101-character name", () => Command("ana@example.com", $"register fraud-detection {name101}@1"), null),
            new("playground: final slot to oneself", () => Command("ben@example.com", $"delegate {ItemKey} final @ben"), null),
            new("playground: final slot to someone not eligible", () => Command("ben@example.com", $"delegate {ItemKey} final rita@example.com"), null),
            new("playground: final slot handed over by the item owner", () => Command("ana@example.com", $"delegate {ItemKey} final chen@example.com"), null),
            new("slack: feedback slot to the item owner", () => Slack($"delegate {ItemKey} Business @ana"), null),
            new("slack: 65-character incident", () => Slack($"bypass {ItemKey} prod-api --incident {incident65} --hours 2"), null),
        ];
    }

    private async Task SendLimitAsync(FuzzFixture fuzz, LimitRequest limit, int round)
    {
        var status = await SendAsync(fuzz, limit.Make(), $"limit '{limit.What}' #{round}");
        Assert.True(limit.Expected is null || status == limit.Expected, $"limit '{limit.What}' #{round}: expected {(int?)limit.Expected}, got {(int)status}");
    }

    [Fact]
    public async Task Teams_MessageWithoutConversation_IsABadRequest()
    {
        await using var fuzz = await FuzzFixture.StartAsync();
        var activity = JsonNode.Parse(FakeBotFramework.Json(fuzz.Bot.MessageActivity("hello")))!.AsObject();
        activity.Remove("conversation");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = ApiJson.Raw(activity.ToJsonString()) };
        request.Headers.TryAddWithoutValidation("Authorization", fuzz.Bot.ChannelAuthorization());

        using var response = await fuzz.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    // ---------------------------------------------------------------- sending and checking

    private async Task<HttpStatusCode> SendAsync(FuzzFixture fuzz, HttpRequestMessage request, string what)
    {
        using (request)
        {
            var sentBody = request.Content is null ? "" : Encoding.UTF8.GetString(await request.Content.ReadAsByteArrayAsync());
            var sent = $"{request.Method} {request.RequestUri} [{request.Content?.Headers.ContentType}] auth={Cut(request.Headers.Authorization?.ToString() ?? string.Join(",", request.Headers.TryGetValues("Authorization", out var a) ? a : []))} body={Cut(sentBody)}";
            using var response = await fuzz.Http.SendAsync(request);
            var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
            var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
            _requests++;
            var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
            Assert.True((int)response.StatusCode < 500, $"{what}: {sent} answered {(int)response.StatusCode}: {Cut(body)}");
            foreach (var secret in Secrets)
            {
                Assert.False(body.Contains(secret, StringComparison.Ordinal) || headers.Contains(secret, StringComparison.Ordinal), $"{what}: {sent} leaked a secret: {Cut(headers + "\n" + body)}");
            }

            return response.StatusCode;
        }
    }

    private static string Cut(string text) => text.Length > 600 ? text[..600] + "…" : text;

    // ---------------------------------------------------------------- little generators

    private static T Pick<T>(Random rng, IReadOnlyList<T> values) => values[rng.Next(values.Count)];

    private static ByteArrayContent Bytes(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static byte[] RandomBytes(Random rng)
    {
        var bytes = new byte[rng.Next(0, 3) switch { 0 => rng.Next(0, 16), 1 => rng.Next(16, 512), _ => rng.Next(512, 8192) }];
        rng.NextBytes(bytes);
        return bytes;
    }

    private static string RandomPrintable(Random rng, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)rng.Next(0x20, 0x7F);
        }

        return new string(chars);
    }

    private static string RandomToken(Random rng)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.~%";
        var chars = new char[rng.Next(1, 12)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[rng.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>
    /// A random query string. With a key that works, values never hold an '@', so no parameter can name an item
    /// (a deploy-check of an item is a recorded event, i.e. a legitimate state change).
    /// </summary>
    private static string RandomQuery(Random rng, bool authorized)
    {
        if (rng.Next(3) == 0)
        {
            return "";
        }

        var names = new[] { "item", "infrastructure", "format", "from", "to", "limit", "after", "x", "", "item[]", "%00", "%ZZ" };
        var parts = new List<string>();
        for (var i = rng.Next(1, 6); i > 0; i--)
        {
            var value = rng.Next(4) switch
            {
                0 => Uri.EscapeDataString(RandomPrintable(rng, rng.Next(0, 40))),
                1 => new string('9', rng.Next(1, 400)),
                2 => RandomToken(rng),
                _ => authorized ? Pick(rng, ["", "csv", "jsonl", "json", "-1", "NaN", "prod-api", "fraud-detection/churn-xgb"]) : Uri.EscapeDataString(ItemKey),
            };
            if (authorized)
            {
                value = value.Replace("@", "", StringComparison.Ordinal).Replace("%40", "", StringComparison.OrdinalIgnoreCase);
            }

            parts.Add(Pick(rng, names) + (rng.Next(6) == 0 ? "" : "=" + value));
        }

        return "?" + string.Join(Pick(rng, ["&", "&", "&&", ";"]), parts);
    }

    private static string NotACommand(Random rng) =>
        Pick(rng, ["", " ", "zz", "¿qué?", "<@U0SIGNOFFBOT>", "x" + new string('y', 5000)]) + " zq" + RandomToken(rng) + " " + RandomPrintable(rng, rng.Next(0, 60));

    /// <summary>Authorization values that no key matches: random, wrong scheme, valid key with garbage.</summary>
    private static string InvalidAuthorization(Random rng) => rng.Next(7) switch
    {
        0 => "",
        1 => RandomPrintable(rng, rng.Next(1, 200)),
        2 => "Bearer " + RandomPrintable(rng, rng.Next(0, 100)),
        3 => "Bearer " + Pick(rng, ApiKeys) + RandomToken(rng),
        4 => "Bearer " + RandomToken(rng) + Pick(rng, ApiKeys),
        5 => Pick(rng, ["Basic ", "Token ", "ApiKey ", "Digest ", "Bearer"]) + Pick(rng, ApiKeys),
        _ => "Bearer " + new string('k', rng.Next(1_000, 20_000)),
    };

    private static string? RandomAuthorization(Random rng, FuzzFixture fuzz, bool allowValid) => rng.Next(5) switch
    {
        0 => null,
        1 when allowValid => "Bearer " + Pick(rng, ApiKeys),
        2 when allowValid => fuzz.Bot.ChannelAuthorization(),
        _ => InvalidAuthorization(rng),
    };

    /// <summary>
    /// Flips, inserts and deletes characters of <paramref name="valid"/>, or truncates it. With
    /// <paramref name="mustBreakJson"/> the result is never parseable JSON (so it cannot be a valid command).
    /// </summary>
    private static string Mutate(Random rng, string valid, bool mustBreakJson)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var text = new StringBuilder(valid);
            var edits = rng.Next(1, 6);
            for (var e = 0; e < edits && text.Length > 0; e++)
            {
                var at = rng.Next(text.Length);
                switch (rng.Next(5))
                {
                    case 0:
                        text[at] = (char)(text[at] ^ (1 << rng.Next(7)));
                        break;
                    case 1:
                        text.Insert(at, Pick(rng, ["{", "}", "[", "]", "\"", ",", ":", "\\", "\\u00", "\0", "%", "&", "=", "\uD800", "é", "null", "1e999999", "-", "\n"]));
                        break;
                    case 2:
                        text.Remove(at, Math.Min(text.Length - at, rng.Next(1, 4)));
                        break;
                    case 3:
                        text.Length = at;
                        break;
                    default:
                        text.Insert(at, RandomPrintable(rng, rng.Next(1, 8)));
                        break;
                }
            }

            var result = text.ToString();
            if (!mustBreakJson || !IsJson(Encoding.UTF8.GetBytes(result)))
            {
                return result;
            }
        }

        return valid[..^1] + "\"";
    }

    private static bool IsJson(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string InteractionPayload() => new JsonObject
    {
        ["type"] = "block_actions",
        ["team"] = new JsonObject { ["id"] = SlackSigner.DefaultTeamId, ["domain"] = SlackSigner.DefaultTeamDomain },
        ["user"] = new JsonObject { ["id"] = SlackSigner.DefaultUserId, ["username"] = SlackSigner.DefaultUserName, ["team_id"] = SlackSigner.DefaultTeamId },
        ["api_app_id"] = SlackSigner.DefaultApiAppId,
        ["trigger_id"] = SlackSigner.NewTriggerId(),
        ["channel"] = new JsonObject { ["id"] = SlackSigner.DefaultChannelId, ["name"] = SlackSigner.DefaultChannelName },
        ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "signoff:approve", ["value"] = ItemKey + "|Business", ["type"] = "button" }),
    }.ToJsonString();

    private static string EventBody() => new JsonObject
    {
        ["token"] = SlackSigner.DeprecatedToken,
        ["team_id"] = SlackSigner.DefaultTeamId,
        ["api_app_id"] = SlackSigner.DefaultApiAppId,
        ["type"] = "event_callback",
        ["event_id"] = "Ev0FUZZ0001",
        ["event_time"] = 1700000000,
        ["event"] = new JsonObject
        {
            ["type"] = "app_mention", ["user"] = SlackSigner.DefaultUserId, ["text"] = "<@U0SIGNOFFBOT> request-feedback " + ItemKey,
            ["channel"] = SlackSigner.DefaultChannelId, ["ts"] = "1700000000.000100",
        },
    }.ToJsonString();

    // ---------------------------------------------------------------- the host

    private sealed class FuzzFixture : IAsyncDisposable
    {
        private FuzzFixture(FakeBotFramework bot, FakeSlackApi slack, HostFixture app)
        {
            Bot = bot;
            Slack = slack;
            App = app;
            Http = app.CreateClient();
            Api = app.CreateClient(HostFixture.AllScopesKey);
            Signer = slack.Signer(app.Time);
        }

        public FakeBotFramework Bot { get; }

        public FakeSlackApi Slack { get; }

        public HostFixture App { get; }

        public HttpClient Http { get; }

        public HttpClient Api { get; }

        public SlackSigner Signer { get; }

        public static async Task<FuzzFixture> StartAsync()
        {
            var bot = await FakeBotFramework.StartAsync();
            var slack = await FakeSlackApi.StartAsync();
            var app = new HostFixture();
            foreach (var (key, value) in bot.Settings().Concat(slack.Settings()))
            {
                app.Settings[key] = value;
            }

            app.Settings["Playground:Enabled"] = "true";
            SignOffBot.Host.Tests.Api.ApiTestKit.AddKey(app, 3, "fuzz-credit-only", CreditOnlyKey, ["items:write", "deploy:check", "audit:read", "outbox:write"], projects: ["credit-scoring"]);
            SignOffBot.Host.Tests.Api.ApiTestKit.AddKey(app, 4, "fuzz-dev-only", DevOnlyKey, ["items:write", "deploy:check", "audit:read"], projects: ["fraud-detection"], actAs: ["dev@example.com"]);

            return new FuzzFixture(bot, slack, app);
        }

        public async Task<(int Events, string Item)> SeedAsync()
        {
            await ApiJson.RegisterAsync(Api, "fraud-detection", "churn-xgb", "7", "ana@example.com", "high");
            var feedback = await Api.PostAsync(ItemUrl + "/request-feedback", ApiJson.Raw("""{"by":"ana@example.com","categories":["Business"]}"""));
            Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
            return await StateAsync();
        }

        public async Task<(int Events, string Item)> StateAsync()
        {
            var verify = await ApiJson.ReadAsync(await Api.GetAsync("/api/v1/audit/verify"));
            Assert.True((bool?)verify["ok"], $"the audit chain verifies: {verify}");
            var item = await Api.GetAsync(ItemUrl);
            Assert.Equal(HttpStatusCode.OK, item.StatusCode);
            return ((int)verify["events"]!, await item.Content.ReadAsStringAsync());
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            Api.Dispose();
            await App.DisposeAsync();
            await Slack.DisposeAsync();
            await Bot.DisposeAsync();
        }
    }
}
