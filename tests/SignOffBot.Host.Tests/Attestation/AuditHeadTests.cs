using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;
using static SignOffBot.Host.Tests.Attestation.AttestationKit;

namespace SignOffBot.Host.Tests.Attestation;

/// <summary><c>GET /api/v1/audit/head</c> (issue 18): the latest sequence number and hash, signed as a compact JWS.</summary>
public sealed class AuditHeadTests
{
    [Fact]
    public async Task Head_IsTheLastEventOfTheExport_SignedWithThePublishedKey()
    {
        await using var app = DeployCheckAttestationTests.Signing();
        var client = await WithChurn7Async(app);
        await AssertOkAsync(await DeployCheckAsync(client, Churn7, "sandbox"));
        app.Time.Advance(TimeSpan.FromMinutes(3));

        var response = await app.CreateClient(HostFixture.AuditOnlyKey).GetAsync("/api/v1/audit/head");
        var head = await AssertOkAsync(response);

        var last = JsonNode.Parse((await ExportLinesAsync(app))[^1])!;
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(2L, (long)head["sequence"]!);
        Assert.Equal(2L, (long)head["events"]!);
        Assert.Equal((string?)last["hash"], (string?)head["hash"]);
        Assert.Equal((string?)last["at"], (string?)head["at"]);
        Assert.Equal("2026-11-23T09:03:00.000Z", (string?)head["signedAt"]);
        var kid = (string?)JsonNode.Parse(await JwksAsync(app))!["keys"]![0]!["kid"];
        Assert.Equal(kid, (string?)head["kid"]);

        var parts = ((string)head["head"]!).Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonNode.Parse(FromB64Url(parts[0]))!;
        Assert.Equal("ES256", (string?)header["alg"]);
        Assert.Equal(kid, (string?)header["kid"]);
        Assert.Equal("signoffbot-audit-head+jws", (string?)header["typ"]);
        var payload = JsonNode.Parse(FromB64Url(parts[1]))!;
        Assert.Equal(2L, (long)payload["sequence"]!);
        Assert.Equal((string?)last["hash"], (string?)payload["hash"]);
        Assert.Equal(64, FromB64Url(parts[2]).Length);

        // Checked with the key set alone, as an auditor would (r‖s, RFC 7518 section 3.4).
        var jwk = JsonNode.Parse(await JwksAsync(app))!["keys"]![0]!;
        using var key = System.Security.Cryptography.ECDsa.Create(new System.Security.Cryptography.ECParameters
        {
            Curve = System.Security.Cryptography.ECCurve.NamedCurves.nistP256,
            Q = new() { X = FromB64Url((string)jwk["x"]!), Y = FromB64Url((string)jwk["y"]!) },
        });
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromB64Url(parts[2]), System.Security.Cryptography.HashAlgorithmName.SHA256));
    }

    [Fact]
    public async Task Head_OfAnEmptyTrail_IsSequence0AndTheGenesisHash()
    {
        await using var app = DeployCheckAttestationTests.Signing();

        var head = await AssertOkAsync(await app.CreateClient(HostFixture.AuditOnlyKey).GetAsync("/api/v1/audit/head"));

        Assert.Equal(0L, (long)head["sequence"]!);
        Assert.Equal(new string('0', 64), (string?)head["hash"]);
        Assert.Null(head["at"]);
    }

    [Fact]
    public async Task Head_NeedsAuditReadOnEveryProject_AndASigningKey()
    {
        await using var app = DeployCheckAttestationTests.Signing();
        AddKey(app, 3, "fraud-auditor", "fraud-auditor-key", ["audit:read"], projects: ["fraud-detection"]);
        await using var unsigned = new HostFixture();

        await AssertProblemAsync(await app.CreateClient().GetAsync("/api/v1/audit/head"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await app.CreateClient(HostFixture.ItemsOnlyKey).GetAsync("/api/v1/audit/head"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await app.CreateClient("fraud-auditor-key").GetAsync("/api/v1/audit/head"), HttpStatusCode.Forbidden);
        var off = await AssertProblemAsync(await unsigned.CreateClient(HostFixture.AuditOnlyKey).GetAsync("/api/v1/audit/head"), HttpStatusCode.Conflict);
        Assert.Equal("no-signing-key", (string?)off["rule"]);
    }

    private static byte[] FromB64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
