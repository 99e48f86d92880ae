using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary>
/// Verifies a JSON-lines export offline with the published rule of SPEC section 6, using this test's own canonical
/// JSON writer (not the product's), so a product that drifts from the rule is caught.
/// </summary>
public sealed partial class AuditOfflineVerificationTests
{
    private static readonly string Genesis = new('0', 64);

    [Fact]
    public async Task ExportJsonl_VerifiesOfflineWithThePublishedRule()
    {
        await using var app = new HostFixture();
        var client = await AuditApiTests.WithTrailAsync(app);

        var events = await ExportAsync(client);

        Assert.Equal(9, events.Count);
        Assert.Null(OfflineVerify(events));
        Assert.Contains(events, e => ((string?)e["comment"])?.Contains('\n', StringComparison.Ordinal) == true);
        Assert.Contains(events, e => ((string?)e["comment"])?.Contains('é', StringComparison.Ordinal) == true);
        Assert.All(events, e => Assert.Matches(IsoUtc(), (string)e["at"]!));
        Assert.Contains(events, e => (string?)e["at"] != "2026-11-23T09:00:00.000Z");
    }

    [Fact]
    public async Task ExportJsonl_OfAnEmptyTrail_IsEmpty()
    {
        await using var app = new HostFixture();

        var response = await app.CreateClient(HostFixture.AuditOnlyKey).GetAsync("/api/v1/audit/export?format=jsonl");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(NonEmptyLines(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task OfflineVerifier_CatchesATamperedEvent_SoTheCheckAboveMeansSomething()
    {
        await using var app = new HostFixture();
        var client = await AuditApiTests.WithTrailAsync(app);
        var events = await ExportAsync(client);

        var tampered = events.Select(e => e.DeepClone().AsObject()).ToList();
        tampered[4]["comment"] = "nothing to see";
        var reordered = events.Select(e => e.DeepClone().AsObject()).ToList();
        (reordered[2], reordered[3]) = (reordered[3], reordered[2]);
        var dropped = events.Where((_, i) => i != 5).Select(e => e.DeepClone().AsObject()).ToList();

        Assert.Equal(5L, OfflineVerify(tampered));
        Assert.Equal(3L, OfflineVerify(reordered));
        Assert.Equal(6L, OfflineVerify(dropped));
    }

    [Fact]
    public void CanonicalWriter_FollowsTheRule()
    {
        var e = new JsonObject
        {
            ["seq"] = 1L,
            ["source"] = "http",
            ["comment"] = "a \"b\"\n\\ é\u0001",
            ["answer"] = null,
        };

        Assert.Equal("{\"answer\":null,\"comment\":\"a \\\"b\\\"\\n\\\\ é\\u0001\",\"seq\":1,\"source\":\"http\"}", Canonical(e));
    }

    private static async Task<List<JsonObject>> ExportAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/audit/export?format=jsonl");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return NonEmptyLines(await response.Content.ReadAsStringAsync()).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
    }

    /// <summary>Null when the chain holds; otherwise the sequence number at which it breaks.</summary>
    private static long? OfflineVerify(IReadOnlyList<JsonObject> events)
    {
        var prev = Genesis;
        long expectedSeq = 1;
        foreach (var e in events)
        {
            Assert.Equal(AuditApiTests.EventFields.Order(StringComparer.Ordinal), e.Select(p => p.Key).Order(StringComparer.Ordinal));
            var hash = (string)e["hash"]!;
            var withoutHash = new JsonObject(e.Where(p => p.Key != "hash").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            var recomputed = Sha256Hex(prev + "\n" + Canonical(withoutHash));
            if ((long)e["seq"]! != expectedSeq || (string?)e["prevHash"] != prev || hash != recomputed)
            {
                return expectedSeq;
            }

            Assert.Matches(LowerHex64(), hash);
            prev = hash;
            expectedSeq++;
        }

        return null;
    }

    private static string Sha256Hex(string text)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var hex = new StringBuilder(64);
        foreach (var b in digest)
        {
            hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }

    /// <summary>Keys sorted by ordinal, no whitespace, strings escaping only quote, backslash and control characters (RFC 8785).</summary>
    private static string Canonical(JsonObject e)
    {
        var json = new StringBuilder("{");
        var first = true;
        foreach (var (key, value) in e.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                json.Append(',');
            }

            first = false;
            WriteString(json, key);
            json.Append(':');
            WriteValue(json, value);
        }

        return json.Append('}').ToString();
    }

    private static void WriteValue(StringBuilder json, JsonNode? value)
    {
        switch (value?.GetValueKind())
        {
            case null or JsonValueKind.Null:
                json.Append("null");
                break;
            case JsonValueKind.Number:
                json.Append(value.GetValue<long>().ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.String:
                WriteString(json, value.GetValue<string>());
                break;
            default:
                throw new InvalidOperationException($"an audit event field holds {value.GetValueKind()}, not a string, number or null");
        }
    }

    private static void WriteString(StringBuilder json, string s)
    {
        json.Append('"');
        foreach (var c in s)
        {
            _ = c switch
            {
                '"' => json.Append("\\\""),
                '\\' => json.Append("\\\\"),
                '\b' => json.Append("\\b"),
                '\f' => json.Append("\\f"),
                '\n' => json.Append("\\n"),
                '\r' => json.Append("\\r"),
                '\t' => json.Append("\\t"),
                < ' ' => json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => json.Append(c),
            };
        }

        json.Append('"');
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")]
    private static partial Regex IsoUtc();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex LowerHex64();
}
