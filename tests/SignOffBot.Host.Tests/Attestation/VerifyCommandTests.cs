using SignOffBot.Host.Tests.Commands;
using SignOffBot.Host.Verification;

namespace SignOffBot.Host.Tests.Attestation;

/// <summary>
/// <c>signoffbot verify attestation|audit</c>, offline, with the files a host gave: one exit code per case
/// (0 verified and allowed, 1 invalid, 2 usage, 3 another subject / not extending the head, 4 not allowed).
/// </summary>
public sealed class VerifyCommandTests(VerifyFiles files) : IClassFixture<VerifyFiles>
{
    [Theory]
    [InlineData("verify attestation {allowed} --jwks {jwks}", VerifyExit.Ok)]
    [InlineData("verify attestation {allowed} --jwks {jwks} --item fraud-detection/churn-xgb@7 --digest {digest}", VerifyExit.Ok)]
    [InlineData("verify attestation {allowed} --jwks {jwks} --item fraud-detection/churn-xgb@7 --digest sha256:ba6a6fb1a6bb4df9d9ee2d4e6aa2e7f0fd33b73feeb7a50c2e7da88e9bd5b8b3", VerifyExit.Mismatch)]
    [InlineData("verify attestation {envelope} --jwks {jwks} --item fraud-detection/churn-xgb@7", VerifyExit.Ok)]
    [InlineData("verify attestation {tampered} --jwks {jwks}", VerifyExit.Invalid)]
    [InlineData("verify attestation {allowed} --jwks {other-jwks}", VerifyExit.Invalid)]
    [InlineData("verify attestation {allowed} --jwks {jwks} --item fraud-detection/churn-xgb@8", VerifyExit.Mismatch)]
    [InlineData("verify attestation {blocked} --jwks {jwks} --item fraud-detection/churn-xgb@7", VerifyExit.NotAllowed)]
    [InlineData("verify attestation {blocked} --jwks {jwks} --digest sha256:0000000000000000000000000000000000000000000000000000000000000000", VerifyExit.Mismatch)]
    [InlineData("verify attestation {allowed}", VerifyExit.Usage)]
    [InlineData("verify attestation {allowed} --jwks {jwks} --digest md5:0000", VerifyExit.Usage)]
    [InlineData("verify attestation {allowed} --jwks {jwks} --item churn-xgb", VerifyExit.Usage)]
    [InlineData("verify attestation {allowed} --jwks {jwks} --keys {jwks}", VerifyExit.Usage)]
    [InlineData("verify attestation {allowed} --jwks {not-a-key-set}", VerifyExit.Usage)]
    [InlineData("verify attestation missing.json --jwks {jwks}", VerifyExit.Usage)]
    [InlineData("verify audit {export}", VerifyExit.Ok)]
    [InlineData("verify audit {export} --head {head} --jwks {jwks}", VerifyExit.Ok)]
    [InlineData("verify audit {export} --head {head-jws} --jwks {jwks}", VerifyExit.Ok)]
    [InlineData("verify audit {truncated} --head {head} --jwks {jwks}", VerifyExit.Mismatch)]
    [InlineData("verify audit {rewritten}", VerifyExit.Ok)]
    [InlineData("verify audit {rewritten} --head {head} --jwks {jwks}", VerifyExit.Mismatch)]
    [InlineData("verify audit {altered}", VerifyExit.Invalid)]
    [InlineData("verify audit {csv}", VerifyExit.Invalid)]
    [InlineData("verify audit {export} --head {head-edited} --jwks {jwks}", VerifyExit.Invalid)]
    [InlineData("verify audit {export} --head {other-head} --jwks {jwks}", VerifyExit.Invalid)]
    [InlineData("verify audit {export} --head {head}", VerifyExit.Usage)]
    [InlineData("verify audit missing.jsonl", VerifyExit.Usage)]
    [InlineData("verify audit", VerifyExit.Usage)]
    [InlineData("verify", VerifyExit.Usage)]
    [InlineData("verify signature {allowed}", VerifyExit.Usage)]
    public void Verify_ExitsWithTheCodeOfItsCase(string command, int exitCode)
    {
        var run = CommandRun.Of(files.Args(command));

        Assert.True(exitCode == run.ExitCode, $"{command}: exit {run.ExitCode}\n{run.Output}{run.Error}");
        Assert.Equal(exitCode == VerifyExit.Ok, run.Output.Length > 0);
        Assert.Equal(exitCode != VerifyExit.Ok, run.Error.Length > 0);
        if (exitCode == VerifyExit.Usage)
        {
            Assert.Contains("Usage: signoffbot verify attestation", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Verify_SaysWhatItFound()
    {
        var allowed = CommandRun.Of(files.Args("verify attestation {allowed} --jwks {jwks} --item fraud-detection/churn-xgb@7"));
        var truncated = CommandRun.Of(files.Args("verify audit {truncated} --head {head} --jwks {jwks}"));
        var rewritten = CommandRun.Of(files.Args("verify audit {rewritten} --head {head} --jwks {jwks}"));
        var altered = CommandRun.Of(files.Args("verify audit {altered}"));

        Assert.StartsWith("Valid attestation: fraud-detection/churn-xgb@7 on sandbox, decision allowed", allowed.Output, StringComparison.Ordinal);
        Assert.Contains("cut off before it", truncated.Error, StringComparison.Ordinal);
        Assert.Contains("rewritten", rewritten.Error, StringComparison.Ordinal);
        Assert.Contains("broken at event 2", altered.Error, StringComparison.Ordinal);
    }
}
