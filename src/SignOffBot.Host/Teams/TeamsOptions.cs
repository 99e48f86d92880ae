namespace SignOffBot.Host.Teams;

/// <summary>
/// The <c>Teams</c> configuration section. With AppId and AppPassword both empty Teams is off and
/// <c>/api/messages</c> refuses everything; with only one of them set the host does not start.
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";

    /// <summary>The issuer of every token the Bot Framework channel sends a bot.</summary>
    public const string ChannelIssuer = "https://api.botframework.com";

    /// <summary>The scope of the client-credentials token the bot sends to the Bot Connector.</summary>
    public const string ConnectorScope = "https://api.botframework.com/.default";

    public string AppId { get; set; } = "";

    public string AppPassword { get; set; } = "";

    /// <summary>The Entra tenant of a single-tenant bot (the only kind Azure creates since mid-2025).</summary>
    public string TenantId { get; set; } = "";

    /// <summary>
    /// Entra tenants whose activities are accepted. Empty: the <see cref="TenantId"/> alone when it is set; with both
    /// empty any tenant is accepted (a multi-tenant bot without a pin, warned about at start).
    /// </summary>
    public string[] AllowedTenants { get; set; } = [];

    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Empty: derived from <see cref="TenantId"/> (see <see cref="EffectiveTokenEndpoint"/>).</summary>
    public string TokenEndpoint { get; set; } = "";

    public bool IsOn => !string.IsNullOrWhiteSpace(AppId) && !string.IsNullOrWhiteSpace(AppPassword);

    /// <summary>The tenants accepted; empty means any.</summary>
    public IReadOnlyList<string> EffectiveAllowedTenants => AllowedTenants.Any(t => !string.IsNullOrWhiteSpace(t))
        ? [.. AllowedTenants.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim())]
        : string.IsNullOrWhiteSpace(TenantId) ? [] : [TenantId.Trim()];

    /// <summary>Whether an activity from <paramref name="tenant"/> is accepted.</summary>
    public bool AllowsTenant(string? tenant) =>
        EffectiveAllowedTenants.Count == 0
        || (tenant is not null && EffectiveAllowedTenants.Contains(tenant, StringComparer.OrdinalIgnoreCase));

    public string EffectiveTokenEndpoint => !string.IsNullOrWhiteSpace(TokenEndpoint)
        ? TokenEndpoint
        : string.IsNullOrWhiteSpace(TenantId)
            ? "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
            : $"https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/token";

    /// <summary>Configuration errors naming their keys; empty when Teams is off or fully configured.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var anySet = !string.IsNullOrWhiteSpace(AppId) || !string.IsNullOrWhiteSpace(AppPassword);
        if (!anySet)
        {
            return problems;
        }

        if (string.IsNullOrWhiteSpace(AppId))
        {
            problems.Add($"{Section}:AppId: Teams:AppPassword is set but the bot's Microsoft App ID is missing.");
        }

        if (string.IsNullOrWhiteSpace(AppPassword))
        {
            problems.Add($"{Section}:AppPassword: Teams:AppId is set but the client secret is missing.");
        }

        for (var i = 0; i < AllowedTenants.Length; i++)
        {
            if (!Guid.TryParse(AllowedTenants[i], out _))
            {
                problems.Add($"{Section}:AllowedTenants:{i}: '{AllowedTenants[i]}' is not an Entra tenant id (a GUID).");
            }
        }

        CheckUrl(OpenIdMetadataUrl, "OpenIdMetadataUrl", problems);
        CheckUrl(EffectiveTokenEndpoint, "TokenEndpoint", problems);
        return problems;
    }

    /// <summary>Plain http is accepted only for loopback addresses (tests); everything else must be https.</summary>
    public static bool IsAllowedUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    private static void CheckUrl(string url, string key, List<string> problems)
    {
        if (!IsAllowedUrl(url))
        {
            problems.Add($"{Section}:{key}: '{url}' must be an https URL (plain http only for loopback addresses).");
        }
    }
}
