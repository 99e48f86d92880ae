using System.ComponentModel;
using System.Diagnostics;
using SignOffBot.Testing;
using static SignOffBot.Host.Tests.Api.ApiTestKit;
using static SignOffBot.Host.Tests.Attestation.AttestationKit;

namespace SignOffBot.Host.Tests.Attestation;

/// <summary>
/// The attestation checked by <c>tests/attestation-node/verify.mjs</c>, written against the specifications with
/// node:crypto alone: the DSSE PAE, the DER signature and the RFC 7638 thumbprint agree outside .NET too. Node is
/// required: without it this test fails, saying so.
/// </summary>
public sealed class NodeVerifierTests
{
    private static readonly string Script = HostProcess.RepoFile("tests", "attestation-node", "verify.mjs");

    [Fact]
    public async Task NodeVerifier_AcceptsTheHostsAttestation_AndRefusesAlteredOnes()
    {
        await using var app = DeployCheckAttestationTests.Signing();
        var client = await WithChurn7Async(app);
        await using var other = DeployCheckAttestationTests.Signing();
        var folder = NewFolder();
        var answer = await AttestAsync(client, Churn7, "sandbox", Artifact);
        var jwks = Write(folder, "jwks.json", await JwksAsync(app));
        var payload = Payload(Envelope(answer));
        payload[payload.Length / 2] ^= 0x20;
        var signature = Signature(answer);
        signature[^1] ^= 0x01;

        var valid = await NodeAsync(Write(folder, "answer.json", answer), jwks);
        var envelope = await NodeAsync(Write(folder, "envelope.json", Envelope(answer).ToJsonString()), jwks);
        var alteredPayload = await NodeAsync(Write(folder, "payload.json", WithPayload(answer, payload)), jwks);
        var alteredSignature = await NodeAsync(Write(folder, "signature.json", WithSignature(answer, signature)), jwks);
        var otherKey = await NodeAsync(Write(folder, "answer2.json", answer), Write(folder, "other.json", await JwksAsync(other)));

        Assert.True(valid.ExitCode == 0, valid.Output);
        Assert.StartsWith("verified with key ", valid.Output, StringComparison.Ordinal);
        Assert.Contains("fraud-detection/churn-xgb@7 on sandbox, decision allowed", valid.Output, StringComparison.Ordinal);
        Assert.True(envelope.ExitCode == 0, envelope.Output);
        Assert.True(alteredPayload.ExitCode == 1, alteredPayload.Output);
        Assert.True(alteredSignature.ExitCode == 1, alteredSignature.Output);
        Assert.True(otherKey.ExitCode == 1, otherKey.Output);
        Assert.Contains("no signature verifies", otherKey.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> NodeAsync(params string[] args)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"Node.js is needed for the independent check of the attestation format (node on the PATH, v18 or later): {e.Message}");
            throw;
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await error);
        }
    }
}
