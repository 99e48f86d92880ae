using SignOffBot.Core.Ports;
using SignOffBot.Host.Api;
using SignOffBot.Host.Governance;

namespace SignOffBot.Host.Configuration;

/// <summary>
/// Reports at start what the configuration turned on (platforms, governance) and what deserves a look (keys without
/// limits, any tenant), and opens the store, so a store that cannot open stops the start. The options themselves are
/// checked before this runs, each class by its own validator (<see cref="ValidatedOptionsExtensions"/>), all problems in
/// one message.
/// </summary>
public sealed partial class StartupCheck(IServiceProvider services, ILogger<StartupCheck> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var governance = services.GetRequiredService<ConfiguredGovernance>();
        var keys = services.GetRequiredService<ApiKeyRegistry>().Configured;
        var teams = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Teams.TeamsOptions>>().Value;
        var slack = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Slack.SlackOptions>>().Value;
        LogPlatform("Slack", slack.IsOn ? $"on (Web API {slack.ApiBaseUrl})" : "off: Slack:SigningSecret and Slack:BotToken are not configured");
        LogPlatform("Teams", teams.IsOn ? $"on (app {teams.AppId}, token endpoint {teams.EffectiveTokenEndpoint})" : "off: Teams:AppId and Teams:AppPassword are not configured");
        if (teams.IsOn && teams.EffectiveAllowedTenants.Count == 0)
        {
            LogAnyTenant();
        }

        var signing = services.GetRequiredService<Attestation.SigningKeys>();
        LogSigning(signing.Current is { } key
            ? $"on: deploy-check attestations and audit heads are signed with key {key.Kid}, {signing.Published.Keys.Count} key(s) published at /.well-known/jwks.json"
            : "off: Attestation:SigningKey is not configured (attest=true and /api/v1/audit/head are refused)");
        services.GetRequiredService<ISignOffStore>();
        var model = governance.Current;
        WarnUnlimited(keys);
        LogGovernance(governance.IsSample ? "the sample governance (no Governance section is configured)" : "the configured governance",
            model.Projects.Count, model.People.Count, model.Infrastructures.Count);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Teams accepts activities from any Entra tenant: set Teams:TenantId or Teams:AllowedTenants to pin the tenants that may use the bot")]
    private partial void LogAnyTenant();

    // A key without limits can touch every project and name anyone as the person acting: worth a look at every start.
    private void WarnUnlimited(IReadOnlyList<ApiKey> keys)
    {
        foreach (var key in keys)
        {
            var missing = new List<string>();
            if (key.Projects is null)
            {
                missing.Add("no Projects: it can act on every project");
            }

            if (key.ActAs is null && key.NamesPeople)
            {
                missing.Add("no ActAs: its requests can name any person in by and owner");
            }

            if (missing.Count > 0)
            {
                LogUnlimitedKey(key.Name, string.Join("; ", missing));
            }
        }
    }

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "API key '{Key}' has {Missing}. Limit it with Projects and ActAs in its Api:Keys entry (keys new --projects … --act-as …)")]
    private partial void LogUnlimitedKey(string key, string missing);

    // Names the key by its public thumbprint only: the private key is never written anywhere.
    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Signing is {State}")]
    private partial void LogSigning(string state);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "{Platform} is {State}")]
    private partial void LogPlatform(string platform, string state);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Using {Origin}: {Projects} projects, {People} people, {Infrastructures} infrastructures")]
    private partial void LogGovernance(string origin, int projects, int people, int infrastructures);
}
