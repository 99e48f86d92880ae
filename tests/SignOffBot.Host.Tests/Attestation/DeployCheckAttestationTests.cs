using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Verification;
using static SignOffBot.Host.Tests.Api.ApiTestKit;
using static SignOffBot.Host.Tests.Attestation.AttestationKit;

namespace SignOffBot.Host.Tests.Attestation;

/// <summary>
/// <c>GET /api/v1/deploy-check?…&amp;attest=true[&amp;digest=sha256:…]</c> (issue 18): a DSSE envelope over an in-toto
/// Statement v1 that verifies with the published key set, and with nothing else once any byte of it changes.
/// </summary>
public sealed partial class DeployCheckAttestationTests
{
    [Fact]
    public async Task Attest_OnAnApprovedItem_VerifiesWithThePublishedKeySet_AndStatesEveryApprovalAndItsOwnAuditEvent()
    {
        await using var host = await ApprovedAsync(NewKeyPem());

        var answer = await AttestAsync(host.Api, Item, "prod-api", Artifact);
        var verdict = AttestationVerifier.Verify(Envelope(answer).ToJsonString(), Keys(await JwksAsync(host.App)), Item, ArtifactHex);

        Assert.True(verdict.ExitCode == VerifyExit.Ok, verdict.Message);
        var plain = JsonNode.Parse(answer)!;
        Assert.Equal("allowed", (string?)plain["decision"]);
        var predicate = Statement(answer)["predicate"]!;
        Assert.Equal("allowed", (string?)predicate["decision"]);
        Assert.Equal((string?)plain["reason"], (string?)predicate["reason"]);
        Assert.Equal("prevent", (string?)predicate["policy"]);
        Assert.Equal("approved", (string?)predicate["state"]);
        Assert.Equal("prod-api", (string?)predicate["infrastructure"]);
        Assert.Equal("chen@example.com", (string?)predicate["approvedBy"]);
        var item = JsonNode.Parse(await host.Api.GetStringAsync($"/api/v1/items/{Item}"))!["signOff"]!;
        string AnswerTime(int slot) => (string)item["feedback"]![slot]!["answers"]![0]!["at"]!;
        Assert.Equal(
            [
                ("IT & Operations", "ops@example.com", AnswerTime(0)),
                ("Risk & Compliance", "ben@example.com", AnswerTime(1)),
                ("final", "chen@example.com", (string)item["final"]!["decision"]!["at"]!),
            ],
            predicate["approvals"]!.AsArray().Select(a => ((string)a!["slot"]!, (string)a["by"]!, (string)a["at"]!)));
        Assert.Null(predicate["bypass"]);
        Assert.Equal("api-key:ci-all", (string?)predicate["checkedBy"]);

        // The check's own audit event, committed before the answer was signed: the last of the trail.
        var own = JsonNode.Parse((await ExportLinesAsync(host.App))[^1])!;
        Assert.Equal("deploy-check", (string?)own["action"]);
        Assert.Equal("prod-api", (string?)own["slot"]);
        Assert.Equal((long)own["seq"]!, (long)predicate["audit"]!["seq"]!);
        Assert.Equal((string?)own["hash"], (string?)predicate["audit"]!["hash"]);
        Assert.Equal((string?)own["at"], (string?)predicate["checkedAt"]);
    }

    [Fact]
    public async Task Attest_WithWait_SignsTheAnswerTheHeldCheckEndsWith()
    {
        await using var host = await ApprovedAsync(NewKeyPem());

        var response = await CheckAsync(host.Api, Item, "prod-api", "wait=30&attest=true&digest=" + Uri.EscapeDataString(Artifact));
        var answer = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, answer);
        Assert.Equal((0, false), ((int?)JsonNode.Parse(answer)!["waited"], (bool?)JsonNode.Parse(answer)!["timedOut"]));
        var verdict = AttestationVerifier.Verify(Envelope(answer).ToJsonString(), Keys(await JwksAsync(host.App)), Item, ArtifactHex);
        Assert.True(verdict.ExitCode == VerifyExit.Ok, verdict.Message);
        var own = JsonNode.Parse((await ExportLinesAsync(host.App))[^1])!;
        Assert.Equal(((string?)own["action"], (string?)own["hash"]), ("deploy-check", (string?)Statement(answer)["predicate"]!["audit"]!["hash"]));
    }

    [Fact]
    public async Task Attest_EnvelopeAndStatement_HaveTheDsseAndInTotoShapes()
    {
        await using var app = Signing();
        var client = await WithChurn7Async(app);

        var answer = await AttestAsync(client, Churn7, "sandbox", Artifact.ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal));

        // DSSE envelope: exactly payloadType, payload (standard base64), signatures [{keyid, sig}].
        var envelope = Envelope(answer);
        Assert.Equal(["payload", "payloadType", "signatures"], envelope.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("application/vnd.in-toto+json", Text(envelope["payloadType"]));
        Assert.Matches(StandardBase64(), Text(envelope["payload"]));
        var signature = Assert.Single(envelope["signatures"]!.AsArray())!.AsObject();
        Assert.Equal(["keyid", "sig"], signature.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal((string?)JsonNode.Parse(await JwksAsync(app))!["keys"]![0]!["kid"], Text(signature["keyid"]));
        Assert.Matches(StandardBase64(), Text(signature["sig"]));
        var der = Signature(answer);
        Assert.Equal(0x30, der[0]);
        Assert.Equal(der.Length - 2, der[1]);

        // in-toto Statement v1: _type, subject [{name, digest {alg: lower-case hex}}], predicateType, predicate {…}.
        var statement = Statement(answer);
        Assert.Equal(["_type", "predicate", "predicateType", "subject"], statement.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("https://in-toto.io/Statement/v1", Text(statement["_type"]));
        Assert.Equal("https://signoffbot.dev/deploy-check/v1", Text(statement["predicateType"]));
        var subjects = statement["subject"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.All(subjects, s =>
        {
            Assert.Equal(["digest", "name"], s.Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.Equal(JsonValueKind.String, s["name"]!.GetValueKind());
            var digest = s["digest"]!.AsObject();
            Assert.Equal(["sha256"], digest.Select(p => p.Key));
            Assert.Matches(LowerHex64(), Text(digest["sha256"]));
        });
        Assert.Equal([Churn7, "artifact"], subjects.Select(s => Text(s["name"])));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Churn7))), Text(subjects[0]["digest"]!["sha256"]));
        Assert.Equal(ArtifactHex, Text(subjects[1]["digest"]!["sha256"]));

        var predicate = statement["predicate"]!.AsObject();
        var kinds = predicate.ToDictionary(p => p.Key, p => p.Value?.GetValueKind() ?? JsonValueKind.Null);
        Assert.Equal(
            new Dictionary<string, JsonValueKind>
            {
                ["item"] = JsonValueKind.String, ["infrastructure"] = JsonValueKind.String, ["decision"] = JsonValueKind.String,
                ["reason"] = JsonValueKind.String, ["policy"] = JsonValueKind.String, ["state"] = JsonValueKind.String,
                ["approvedBy"] = JsonValueKind.Null, ["approvedAt"] = JsonValueKind.Null, ["approvals"] = JsonValueKind.Array,
                ["bypass"] = JsonValueKind.Null, ["confirmation"] = JsonValueKind.Null, ["checkedAt"] = JsonValueKind.String,
                ["checkedBy"] = JsonValueKind.String, ["audit"] = JsonValueKind.Object,
            },
            kinds);
        Assert.Equal(JsonValueKind.Number, predicate["audit"]!["seq"]!.GetValueKind());
        Assert.Matches(LowerHex64(), Text(predicate["audit"]!["hash"]));
        Assert.Matches(IsoUtc(), Text(predicate["checkedAt"]));
    }

    [Fact]
    public async Task Attest_AnyChangedByteOfPayloadOrSignature_NoLongerVerifies()
    {
        await using var app = Signing();
        var client = await WithChurn7Async(app);
        var answer = await AttestAsync(client, Churn7, "sandbox", Artifact);
        var keys = Keys(await JwksAsync(app));
        Assert.Equal(VerifyExit.Ok, AttestationVerifier.Verify(answer, keys, Churn7, ArtifactHex).ExitCode);

        var payload = Payload(Envelope(answer));
        for (var i = 0; i < payload.Length; i++)
        {
            var changed = (byte[])payload.Clone();
            changed[i] ^= 0x01;
            var verdict = AttestationVerifier.Verify(WithPayload(answer, changed), keys, null, null);
            Assert.True(verdict.ExitCode == VerifyExit.Invalid, $"payload byte {i} changed: {verdict.Message}");
        }

        var signature = Signature(answer);
        for (var i = 0; i < signature.Length; i++)
        {
            var changed = (byte[])signature.Clone();
            changed[i] ^= 0x01;
            var verdict = AttestationVerifier.Verify(WithSignature(answer, changed), keys, null, null);
            Assert.True(verdict.ExitCode == VerifyExit.Invalid, $"signature byte {i} changed: {verdict.Message}");
        }
    }

    [Fact]
    public async Task Attest_CheckedAgainstAnotherKeySetItemOrDigest_DoesNotVerify()
    {
        await using var app = Signing();
        var client = await WithChurn7Async(app);
        await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "8", "ana@example.com");
        var answer = await AttestAsync(client, Churn7, "sandbox", Artifact);
        var keys = Keys(await JwksAsync(app));
        await using var other = Signing();
        var otherKeys = Keys(await JwksAsync(other));

        var otherKey = AttestationVerifier.Verify(answer, otherKeys, Churn7, ArtifactHex);
        var otherItem = AttestationVerifier.Verify(answer, keys, "fraud-detection/churn-xgb@8", ArtifactHex);
        var otherDigest = AttestationVerifier.Verify(answer, keys, Churn7, new string('0', 64));
        var sameItemOtherSpelling = AttestationVerifier.Verify(answer, keys, "Fraud-Detection/Churn-XGB@7", ArtifactHex);
        var noArtifact = AttestationVerifier.Verify(await AttestAsync(client, Churn7, "sandbox"), keys, Churn7, ArtifactHex);

        Assert.Equal(VerifyExit.Invalid, otherKey.ExitCode);
        Assert.Contains("not in the key set", otherKey.Message, StringComparison.Ordinal);
        Assert.Equal(VerifyExit.Mismatch, otherItem.ExitCode);
        Assert.Contains("not fraud-detection/churn-xgb@8", otherItem.Message, StringComparison.Ordinal);
        Assert.Equal(VerifyExit.Mismatch, otherDigest.ExitCode);
        Assert.Equal(VerifyExit.Ok, sameItemOtherSpelling.ExitCode);
        Assert.Equal(VerifyExit.Mismatch, noArtifact.ExitCode);
        Assert.Contains("names no artifact", noArtifact.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prod-api", "blocked")]
    [InlineData("staging-api", "warning")]
    public async Task Attest_OfADecisionOtherThanAllowed_IsSignedAndVerifiesAsNotAllowed(string infrastructure, string decision)
    {
        await using var app = Signing();
        var client = await WithChurn7Async(app);

        var answer = await AttestAsync(client, Churn7, infrastructure);
        var verdict = AttestationVerifier.Verify(answer, Keys(await JwksAsync(app)), Churn7, null);

        Assert.Equal(decision, (string?)Statement(answer)["predicate"]!["decision"]);
        Assert.Equal(VerifyExit.NotAllowed, verdict.ExitCode);
        Assert.Contains($"decision {decision}", verdict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("attest=true&digest=sha256:1234", "digest is sha256:<64 hex digits>")]
    [InlineData("attest=true&digest=sha512:" + "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "digest is sha256:<64 hex digits>")]
    [InlineData("attest=true&digest=" + "0000000000000000000000000000000000000000000000000000000000000000", "digest is sha256:<64 hex digits>")]
    [InlineData("attest=true&digest=sha256:000000000000000000000000000000000000000000000000000000000000000g", "digest is sha256:<64 hex digits>")]
    [InlineData("digest=sha256:0000000000000000000000000000000000000000000000000000000000000000", "use it with attest=true")]
    [InlineData("attest=yes", "attest is true or false")]
    public async Task Attest_WithABadDigestOrFlag_Is400_AndNothingIsAudited(string query, string detail)
    {
        await using var app = Signing();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await CheckAsync(client, Churn7, "sandbox", query), HttpStatusCode.BadRequest);

        Assert.Contains(detail, Detail(problem), StringComparison.Ordinal);
        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task Attest_WithoutASigningKey_Is409NamingTheKey_NothingIsAudited_AndTheKeySetIsEmpty()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await CheckAsync(client, Churn7, "sandbox", "attest=true"), HttpStatusCode.Conflict);
        var plain = await AssertOkAsync(await DeployCheckAsync(client, Churn7, "sandbox"));

        Assert.Equal("no-signing-key", (string?)problem["rule"]);
        Assert.Contains("Attestation:SigningKey", Detail(problem), StringComparison.Ordinal);
        Assert.Contains("keys new-signing", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(2, await AuditEventCountAsync(app));
        Assert.False(plain.AsObject().ContainsKey("attestation"));
        Assert.Equal("""{"keys":[]}""", await JwksAsync(app));
    }

    [Fact]
    public async Task Check_WithoutAttest_HasNoAttestation_WhileTheHostSigns()
    {
        await using var app = Signing();
        var client = await WithChurn7Async(app);

        var plain = await AssertOkAsync(await DeployCheckAsync(client, Churn7, "sandbox"));
        var asFalse = await AssertOkAsync(await CheckAsync(client, Churn7, "sandbox", "attest=false"));

        Assert.False(plain.AsObject().ContainsKey("attestation"));
        Assert.False(asFalse.AsObject().ContainsKey("attestation"));
    }

    [Fact]
    public async Task Attest_OutsideTheKeysProjects_Is403_BeforeAnythingIsSigned()
    {
        await using var app = Signing();
        AddKey(app, 3, "credit-ci", "credit-key", ["deploy:check"], projects: ["credit-scoring"]);
        await WithChurn7Async(app);

        var response = await CheckAsync(app.CreateClient("credit-key"), Churn7, "sandbox", "attest=true");

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    internal static HostFixture Signing()
    {
        var app = new HostFixture();
        SignWith(app, NewKeyPem());
        return app;
    }

    internal static IReadOnlyList<Host.Attestation.EcPublicJwk> Keys(string jwks) =>
        KeySetFile.Read(jwks, out var problem) ?? throw new InvalidOperationException(problem);

    private static string Text(JsonNode? node)
    {
        Assert.NotNull(node);
        Assert.Equal(JsonValueKind.String, node.GetValueKind());
        return node.GetValue<string>();
    }

    [GeneratedRegex("^[A-Za-z0-9+/]+={0,2}$")]
    private static partial Regex StandardBase64();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex LowerHex64();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoUtc();
}
