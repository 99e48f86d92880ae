using SignOffBot.Testing.Teams;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Http;
using SignOffBot.Host.Teams.Connector;

using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Teams.Connector;

/// <summary>The fake, a <see cref="StepClock"/> and a service provider built with <see cref="TeamsConnectorServiceCollectionExtensions.AddBotConnector"/>.</summary>
internal sealed class ConnectorFixture : OutboundClientFixture<FakeBotFramework>
{
    public const string AppId = "00000000-aaaa-bbbb-cccc-000000000001";

    /// <summary>With characters that form encoding must escape.</summary>
    public const string AppPassword = "s3cr3t~Pa55+&=/ %é";

    private ConnectorFixture(FakeBotFramework fake, Dictionary<string, string?> settings, TimeSpan? attemptTimeout)
        : base(fake, settings, attemptTimeout, services => services.AddBotConnector())
    {
    }

    public BotConnectorClient Client => Services.GetRequiredService<BotConnectorClient>();

    public BotTokenProvider Tokens => Services.GetRequiredService<BotTokenProvider>();

    /// <summary><paramref name="attemptTimeout"/> replaces the policy's 30 s per attempt (<see cref="OutboundResilienceOptions"/>).</summary>
    public static async Task<ConnectorFixture> StartAsync(Action<FakeBotFramework, Dictionary<string, string?>>? configure = null, TimeSpan? attemptTimeout = null)
    {
        var fake = await FakeBotFramework.StartAsync(AppId, AppPassword);
        var settings = new Dictionary<string, string?>
        {
            ["Teams:AppId"] = AppId,
            ["Teams:AppPassword"] = AppPassword,
            ["Teams:TenantId"] = FakeBotFramework.DefaultTenantId,
            ["Teams:TokenEndpoint"] = fake.TokenEndpoint,
        };
        configure?.Invoke(fake, settings);

        return new ConnectorFixture(fake, settings, attemptTimeout);
    }

    /// <summary>Every log line and nothing in it carries the client secret or a token the fake issued.</summary>
    public void AssertNoSecretsLogged()
    {
        Assert.NotEmpty(Logs.Lines);
        foreach (var line in Logs.Lines)
        {
            Assert.DoesNotContain(AppPassword, line, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(AppPassword), line, StringComparison.Ordinal);
            foreach (var token in Fake.IssuedTokens)
            {
                Assert.DoesNotContain(token, line, StringComparison.Ordinal);
            }
        }
    }
}
