using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Attestation;
using SignOffBot.Host.Tests.Commands;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Keys;

/// <summary><c>signoffbot keys new-signing</c> (issue 18): a fresh ES256 key in PEM, ready for configuration, and its public JWK.</summary>
public sealed class SigningKeyCommandTests
{
    [Fact]
    public void NewSigning_PrintsAP256PrivateKey_AndItsPublicJwkNamedByItsThumbprint()
    {
        var run = CommandRun.Of("keys", "new-signing");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var pem = Pem(run.Output);
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        Assert.Equal("1.2.840.10045.3.1.7", parameters.Curve.Oid.Value);
        Assert.NotNull(parameters.D);
        var jwk = Jwk(run.Output);
        var expected = AttestationKit.PublicJwk(pem);
        expected["alg"] = "ES256";
        expected["use"] = "sig";
        Assert.True(JsonNode.DeepEquals(expected, jwk), jwk.ToJsonString());
        Assert.NotEqual(Pem(CommandRun.Of("keys", "new-signing").Output), pem);
    }

    [Fact]
    public async Task NewSigning_ConfigurationEntryAndVariable_EachMakeTheHostPublishThatKey()
    {
        var run = CommandRun.Of("keys", "new-signing");
        var kid = (string)Jwk(run.Output)["kid"]!;
        var start = run.Output.IndexOf("{\n", StringComparison.Ordinal) is var at and >= 0 ? at : run.Output.IndexOf('{', StringComparison.Ordinal);
        var entry = JsonNode.Parse(run.Output[start..(run.Output.IndexOf("\n}", start, StringComparison.Ordinal) + 2)])!;
        var variable = run.Output.Split('\n').Single(l => l.StartsWith("Attestation__SigningKey=", StringComparison.Ordinal)).TrimEnd('\r');

        await using var fromEntry = new HostFixture();
        fromEntry.Settings["Attestation:SigningKey"] = (string?)entry["Attestation"]!["SigningKey"];
        await using var fromVariable = new HostFixture();
        fromVariable.Settings["Attestation:SigningKey"] = variable["Attestation__SigningKey=".Length..];

        Assert.Equal(kid, (string?)JsonNode.Parse(await AttestationKit.JwksAsync(fromEntry))!["keys"]![0]!["kid"]);
        Assert.Equal(kid, (string?)JsonNode.Parse(await AttestationKit.JwksAsync(fromVariable))!["keys"]![0]!["kid"]);
        Assert.DoesNotContain('\n', variable);
    }

    [Fact]
    public void NewSigning_PublicJwk_GoesIntoPreviousKeysAsPrinted()
    {
        var jwk = Jwk(CommandRun.Of("keys", "new-signing").Output);
        var options = new Host.Attestation.PreviousKeyOptions
        {
            Kty = (string?)jwk["kty"], Crv = (string?)jwk["crv"], X = (string?)jwk["x"], Y = (string?)jwk["y"],
            Kid = (string?)jwk["kid"], Alg = (string?)jwk["alg"], Use = (string?)jwk["use"],
        };

        var read = options.Read(out var problem);

        Assert.Null(problem);
        Assert.Equal((string?)jwk["kid"], read?.Kid);
    }

    [Theory]
    [InlineData("keys", "new-signing", "extra")]
    [InlineData("keys", "new-signing", "--curve", "P-384")]
    public void NewSigning_WithMoreWords_ExitsWith2AndTheUsage(params string[] args)
    {
        var run = CommandRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("signoffbot keys new-signing", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    private static string Pem(string output)
    {
        var start = output.IndexOf("-----BEGIN PRIVATE KEY-----", StringComparison.Ordinal);
        var end = output.IndexOf("-----END PRIVATE KEY-----", start, StringComparison.Ordinal) + "-----END PRIVATE KEY-----".Length;
        return output[start..end];
    }

    private static JsonNode Jwk(string output) =>
        JsonNode.Parse(output.Split('\n').Last(l => l.StartsWith("{\"kty\"", StringComparison.Ordinal)))!;
}
