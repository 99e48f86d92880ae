using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Tests.Commands;
using SignOffBot.Host.Tests.Configuration;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing;
using static SignOffBot.Host.Tests.Attestation.AttestationKit;

namespace SignOffBot.Host.Tests.Attestation;

/// <summary>
/// <c>Attestation:SigningKey</c> and <c>Attestation:PreviousKeys</c> are checked at start and by check-config: a
/// broken or non-ES256 key stops the host naming its key, and no message or log line ever shows a key.
/// </summary>
[Collection(HostStart.Collection)]
public sealed class SigningKeyConfigurationTests
{
    public static TheoryData<string, string> BrokenSigningKeys() => new()
    {
        { "not a key at all", "is not a PEM key" },
        { "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGJ1dCBzZWNyZXQ=\n-----END PRIVATE KEY-----", "is not a readable EC key" },
        { Pem(ECDsa.Create(ECCurve.NamedCurves.nistP384)), "not P-256" },
        { RSA.Create(2048).ExportPkcs8PrivateKeyPem(), "is not a readable EC key" },
        { ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem(), "holds only a public key" },
    };

    [Theory]
    [MemberData(nameof(BrokenSigningKeys))]
    public async Task Host_WithABrokenSigningKey_RefusesToStart_NamingTheKey_NeverItsValue(string value, string problem)
    {
        var message = await HostStart.RefusalAsync(app => app.Settings["Attestation:SigningKey"] = value);

        Assert.Contains("SignOffBot cannot start", message, StringComparison.Ordinal);
        Assert.Contains("Attestation:SigningKey: ", message, StringComparison.Ordinal);
        Assert.Contains(problem, message, StringComparison.Ordinal);
        Assert.DoesNotContain(Body(value), message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithBrokenPreviousKeys_RefusesToStart_NamingEachOne()
    {
        var current = NewKeyPem();
        var message = await HostStart.RefusalAsync(app =>
        {
            SignWith(app, current, NewKeyPem());
            app.Settings["Attestation:PreviousKeys:0:kid"] = "not-its-thumbprint";
            app.Settings["Attestation:PreviousKeys:1:Pem"] = NewKeyPem();
            app.Settings["Attestation:PreviousKeys:2:kty"] = "EC";
            app.Settings["Attestation:PreviousKeys:2:crv"] = "P-256";
            app.Settings["Attestation:PreviousKeys:2:x"] = "AAAA";
            app.Settings["Attestation:PreviousKeys:2:y"] = "AAAA";
            foreach (var (member, value) in PublicJwk(current))
            {
                app.Settings[$"Attestation:PreviousKeys:3:{member}"] = (string?)value;
            }
        });

        Assert.Contains("Attestation:PreviousKeys:0: kid 'not-its-thumbprint' is not the key's RFC 7638 thumbprint", message, StringComparison.Ordinal);
        Assert.Contains("Attestation:PreviousKeys:1: holds a private key", message, StringComparison.Ordinal);
        Assert.Contains("Attestation:PreviousKeys:2: x and y are not a point of P-256", message, StringComparison.Ordinal);
        Assert.Contains("Attestation:PreviousKeys:3: is the public key of Attestation:SigningKey itself", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Body(current), message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckConfig_NamesABrokenSigningKey_WithoutShowingIt()
    {
        var folder = TempFolder.Create();
        var key = Pem(ECDsa.Create(ECCurve.NamedCurves.nistP521));
        var config = Write(folder, "config.json", System.Text.Json.JsonSerializer.Serialize(new { Attestation = new { SigningKey = key } }));

        var run = CommandRun.Of("check-config", "--config", config);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Attestation:SigningKey: is an EC key on", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Body(key), run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithTheKeyOnOneLine_StartsSigning_AndLogsOnlyItsThumbprint()
    {
        var pem = NewKeyPem();
        await using var app = new HostFixture();
        app.Settings["Attestation:SigningKey"] = pem.ReplaceLineEndings("\\n");
        var logs = new TestLogs();
        app.ExtraServices.Add(services => services.AddSingleton<ILoggerProvider>(logs));

        var jwks = await JwksAsync(app);

        var kid = PublicJwk(pem)["kid"]!.GetValue<string>();
        Assert.Contains(kid, jwks, StringComparison.Ordinal);
        var line = Assert.Single(logs.Entries, e => e.Id.Id == 1020);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains($"signed with key {kid}", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Body(pem), StringComparison.Ordinal) || l.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    private static string Pem(ECDsa key)
    {
        using (key)
        {
            return key.ExportPkcs8PrivateKeyPem();
        }
    }

    /// <summary>The first line of a PEM's base64 body: what a leaked key would show.</summary>
    private static string Body(string value) =>
        value.Split('\n').FirstOrDefault(l => l.Length > 20 && !l.StartsWith("-----", StringComparison.Ordinal)) ?? value;
}
