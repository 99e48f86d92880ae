using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.Playground;
using SignOffBot.Testing;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Attestation;

/// <summary>Signing keys, signed answers and the files a pipeline or an auditor keeps, for the attestation tests.</summary>
internal static class AttestationKit
{
    public const string Item = PlaygroundFixture.Item;

    public static readonly string ArtifactHex = Convert.ToHexStringLower(SHA256.HashData("model weights of churn-xgb 7"u8));

    public static string Artifact => "sha256:" + ArtifactHex;

    public static string NewKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The public JWK of a PEM private key, its members computed here (RFC 7518 section 6.2, RFC 7638).</summary>
    public static JsonObject PublicJwk(string pem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        var q = key.ExportParameters(false).Q;
        var (x, y) = (B64Url(q.X!), B64Url(q.Y!));
        return new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = x, ["y"] = y, ["kid"] = Thumbprint(x, y) };
    }

    public static string Thumbprint(string x, string y) =>
        B64Url(SHA256.HashData(Encoding.UTF8.GetBytes("{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}")));

    public static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static void SignWith(HostFixture app, string pem, params string[] previousPems)
    {
        app.Settings["Attestation:SigningKey"] = pem;
        for (var i = 0; i < previousPems.Length; i++)
        {
            foreach (var (member, value) in PublicJwk(previousPems[i]))
            {
                app.Settings[$"Attestation:PreviousKeys:{i}:{member}"] = (string?)value;
            }
        }
    }

    /// <summary>The host's published key set, read without a key as a verifier would.</summary>
    public static async Task<string> JwksAsync(HostFixture app)
    {
        using var anonymous = app.CreateClient();
        var response = await anonymous.GetAsync("/.well-known/jwks.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static Task<HttpResponseMessage> CheckAsync(HttpClient client, string item, string infrastructure, string query) =>
        client.GetAsync($"/api/v1/deploy-check?item={Uri.EscapeDataString(item)}&infrastructure={Uri.EscapeDataString(infrastructure)}&{query}");

    /// <summary>A deploy-check with attest=true (and the digest when given); the answer as the pipeline saves it.</summary>
    public static async Task<string> AttestAsync(HttpClient client, string item, string infrastructure, string? digest = null)
    {
        var response = await CheckAsync(client, item, infrastructure, "attest=true" + (digest is null ? "" : "&digest=" + Uri.EscapeDataString(digest)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"attest answered {(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>The playground host signing with <paramref name="pem"/>, and fraud-detection/churn-xgb@7 approved through it.</summary>
    public static async Task<PlaygroundFixture> ApprovedAsync(string pem)
    {
        var host = new PlaygroundFixture(app => SignWith(app, pem));
        await host.RequestFeedbackAsync();
        await PressAsync(host, "ops@example.com", "feedback.approve", "IT & Operations");
        await PressAsync(host, "ben@example.com", "feedback.approve", "Risk & Compliance");
        Assert.Equal(HttpStatusCode.OK, (await host.CommandAsync("ana@example.com", $"request-final {Item}")).StatusCode);
        await PressAsync(host, "chen@example.com", "final.approve", "final");
        return host;
    }

    public static JsonObject Envelope(string answer) => JsonNode.Parse(answer)!["attestation"]!.AsObject();

    public static byte[] Payload(JsonObject envelope) => Convert.FromBase64String((string)envelope["payload"]!);

    public static JsonObject Statement(string answer) => JsonNode.Parse(Payload(Envelope(answer)))!.AsObject();

    /// <summary>The envelope with its payload or first signature replaced by other bytes (base64 written anew).</summary>
    public static string WithPayload(string answer, byte[] payload)
    {
        var envelope = Envelope(answer).DeepClone().AsObject();
        envelope["payload"] = Convert.ToBase64String(payload);
        return envelope.ToJsonString();
    }

    public static byte[] Signature(string answer) => Convert.FromBase64String((string)Envelope(answer)["signatures"]![0]!["sig"]!);

    public static string WithSignature(string answer, byte[] signature)
    {
        var envelope = Envelope(answer).DeepClone().AsObject();
        envelope["signatures"]![0]!["sig"] = Convert.ToBase64String(signature);
        return envelope.ToJsonString();
    }

    public static async Task<List<string>> ExportLinesAsync(HostFixture app) =>
        [.. NonEmptyLines(await app.CreateClient(HostFixture.AuditOnlyKey).GetStringAsync("/api/v1/audit/export?format=jsonl"))];

    public static string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public static string NewFolder() => TempFolder.Create();

    private static async Task PressAsync(PlaygroundFixture host, string person, string verb, string slot)
    {
        var answer = await Infrastructure.ApiJson.ReadAsync(await host.PressAsync(person, verb, PlaygroundFixture.ApproveData(slot, "Fine by me")));
        Assert.Equal("card", (string?)answer["reply"]);
        host.App.Time.Advance(TimeSpan.FromMinutes(5));
    }
}
