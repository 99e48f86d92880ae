namespace SignOffBot.Host.Teams;

/// <summary>
/// The <c>Teams</c> configuration section. With AppId and AppPassword both empty Teams is off and
/// <c>/api/messages</c> refuses everything; with only one of them set the host does not start.
/// </summary>
public sealed class TeamsOptions : Configuration.IValidatedOptions
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
    /// The Entra tenants (GUIDs) whose activities the bot serves; any other tenant is answered 403. Empty: the bot's own
    /// <see cref="TenantId"/>; both empty: any tenant (a multi-tenant bot with no pin, warned about at start).
    /// </summary>
    public string[] AllowedTenants { get; set; } = [];

    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Empty: derived from <see cref="TenantId"/> (see <see cref="EffectiveTokenEndpoint"/>).</summary>
    public string TokenEndpoint { get; set; } = "";

    public bool IsOn => !string.IsNullOrWhiteSpace(AppId) && !string.IsNullOrWhiteSpace(AppPassword);

    /// <summary><see cref="AllowedTenants"/>, or the bot's own tenant when none is listed.</summary>
    public IReadOnlyList<string> EffectiveAllowedTenants
    {
        get
        {
            var listed = AllowedTenants.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
            return listed.Count > 0 ? listed : string.IsNullOrWhiteSpace(TenantId) ? [] : [TenantId.Trim()];
        }
    }

    /// <summary>No tenant is pinned: activities of every tenant are served.</summary>
    public bool AcceptsAnyTenant => EffectiveAllowedTenants.Count == 0;

    /// <summary>Every tenant an activity names is allowed, and it names one (unless no tenant is pinned).</summary>
    public bool AllowsTenants(IReadOnlyList<string> tenantIds) =>
        AcceptsAnyTenant || (tenantIds.Count > 0 && tenantIds.All(AllowsTenant));

    public bool AllowsTenant(string? tenantId) =>
        AcceptsAnyTenant || (tenantId is not null && EffectiveAllowedTenants.Contains(tenantId.Trim(), StringComparer.OrdinalIgnoreCase));

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

        CheckTenants(problems);
        CheckUrl(OpenIdMetadataUrl, "OpenIdMetadataUrl", problems);
        CheckUrl(EffectiveTokenEndpoint, "TokenEndpoint", problems);
        return problems;
    }

    /// <summary>Plain http is accepted only for loopback addresses (tests); everything else must be https.</summary>
    public static bool IsAllowedUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    private void CheckTenants(List<string> problems)
    {
        for (var i = 0; i < AllowedTenants.Length; i++)
        {
            if (!Guid.TryParse(AllowedTenants[i], out _))
            {
                problems.Add($"{Section}:AllowedTenants:{i}: '{AllowedTenants[i]}' is not an Entra tenant id (a GUID such as 00000000-0000-0000-0000-000000000000).");
            }
        }

        // With no list, activities are checked against TenantId: a domain name there would refuse every activity.
        if (AllowedTenants.Length == 0 && !string.IsNullOrWhiteSpace(TenantId) && !Guid.TryParse(TenantId, out _))
        {
            problems.Add($"{Section}:TenantId: '{TenantId}' is not an Entra tenant id (a GUID); activities are checked against it "
                + $"unless {Section}:AllowedTenants lists the tenant ids to serve.");
        }
    }

    private static void CheckUrl(string url, string key, List<string> problems)
    {
        if (!IsAllowedUrl(url))
        {
            problems.Add($"{Section}:{key}: '{url}' must be an https URL (plain http only for loopback addresses).");
        }
    }
}
