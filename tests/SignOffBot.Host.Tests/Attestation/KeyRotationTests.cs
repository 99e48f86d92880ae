using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Commands;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Verification;
using static SignOffBot.Host.Tests.Api.ApiTestKit;
using static SignOffBot.Host.Tests.Attestation.AttestationKit;

namespace SignOffBot.Host.Tests.Attestation;

/// <summary>
/// A signing key is replaced: the old key's public half goes to <c>Attestation:PreviousKeys</c>, and what it signed
/// (attestations, audit heads) still verifies with the key set the host publishes after the change.
/// </summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task AfterARotation_WhatTheOldKeySignedStillVerifies_WithTheNewKeySet_AndOnlyWithIt()
    {
        var (old, current) = (NewKeyPem(), NewKeyPem());
        var folder = NewFolder();
        string before, head, databasePath;
        await using (var first = new HostFixture())
        {
            SignWith(first, old);
            databasePath = first.DatabasePath;
            var client = await WithChurn7Async(first);
            before = await AttestAsync(client, Churn7, "sandbox", Artifact);
            head = await first.CreateClient(HostFixture.AuditOnlyKey).GetStringAsync("/api/v1/audit/head");
        }

        await using var rotated = new HostFixture(databasePath);
        SignWith(rotated, current, old);
        var after = await AttestAsync(rotated.CreateClient(HostFixture.AllScopesKey), Churn7, "sandbox", Artifact);
        var jwks = await JwksAsync(rotated);
        await using var withoutPrevious = new HostFixture();
        SignWith(withoutPrevious, current);

        Assert.Equal(
            [PublicJwk(current)["kid"]!.GetValue<string>(), PublicJwk(old)["kid"]!.GetValue<string>()],
            JsonNode.Parse(jwks)!["keys"]!.AsArray().Select(k => (string)k!["kid"]!));
        Assert.NotEqual(Envelope(before)["signatures"]![0]!["keyid"]!.GetValue<string>(), Envelope(after)["signatures"]![0]!["keyid"]!.GetValue<string>());
        var keySet = Write(folder, "jwks.json", jwks);
        var newOnly = Write(folder, "new-only.json", await JwksAsync(withoutPrevious));
        var export = Write(folder, "audit.jsonl", string.Concat((await ExportLinesAsync(rotated)).Select(l => l + "\n")));
        var kept = Write(folder, "head.json", head);
        foreach (var (name, answer) in new[] { ("before", before), ("after", after) })
        {
            var file = Write(folder, name + ".json", answer);
            var run = CommandRun.Of("verify", "attestation", file, "--jwks", keySet, "--item", Churn7, "--digest", Artifact);
            Assert.True(run.ExitCode == VerifyExit.Ok, $"{name}: {run.Error}");
        }

        Assert.Equal(VerifyExit.Ok, CommandRun.Of("verify", "audit", export, "--head", kept, "--jwks", keySet).ExitCode);
        Assert.Equal(VerifyExit.Invalid, CommandRun.Of("verify", "attestation", Write(folder, "old.json", before), "--jwks", newOnly).ExitCode);
        Assert.Equal(VerifyExit.Invalid, CommandRun.Of("verify", "audit", export, "--head", kept, "--jwks", newOnly).ExitCode);
    }
}
