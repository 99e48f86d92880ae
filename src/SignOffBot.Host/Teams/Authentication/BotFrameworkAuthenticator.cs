using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SignOffBot.Host.Teams.Payloads;

namespace SignOffBot.Host.Teams.Authentication;

/// <summary>
/// Checks the <c>Authorization</c> header of a request the Bot Framework channel (Teams) sends to <c>/api/messages</c>,
/// the way the Bot Framework SDK does: a JWT issued by <see cref="TeamsOptions.ChannelIssuer"/> for our app id, signed
/// (RS256/384/512) by a key of the channel's published key set, within 5 minutes of clock skew, whose key is endorsed for
/// the activity's channel and whose <c>serviceurl</c> claim is the activity's serviceUrl.
/// The key set is cached by an IdentityModel <see cref="ConfigurationManager{T}"/> (refreshed every 12 h) and fetched
/// again, at most once per <see cref="MinimumForcedRefreshInterval"/>, when a token names a key we do not know (the
/// channel rolled its keys). Register as a singleton
/// (<see cref="BotFrameworkAuthenticationServiceCollectionExtensions.AddBotFrameworkAuthentication"/>): the cache lives in the instance.
/// </summary>
public sealed partial class BotFrameworkAuthenticator
{
    /// <summary>The claim carrying the serviceUrl the token was issued for (lower case, as the channel spells it).</summary>
    public const string ServiceUrlClaim = "serviceurl";

    /// <summary>The extra member of each key in the channel's key set listing the channels the key may speak for.</summary>
    public const string EndorsementsMember = "endorsements";

    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Tokens naming unknown keys make us fetch the key set again at most this often (IdentityModel's own default).</summary>
    public static readonly TimeSpan MinimumForcedRefreshInterval = TimeSpan.FromMinutes(5);

    private static readonly string[] AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly TeamsOptions _options;
    private readonly HttpDocumentRetriever? _documentRetriever;
    private readonly string? _offReason;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly TimeProvider _time;
    private readonly ILogger<BotFrameworkAuthenticator> _logger;
    private ConfigurationManager<OpenIdConnectConfiguration>? _metadata;
    private DateTimeOffset? _lastForcedRefresh;

    public BotFrameworkAuthenticator(
        IOptions<TeamsOptions> options,
        HttpClient httpClient,
        ILogger<BotFrameworkAuthenticator> logger,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        _options = options.Value;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;

        if (!_options.IsOn)
        {
            _offReason = "Teams is off (Teams:AppId and Teams:AppPassword are not both set)";
            return;
        }

        if (!TeamsOptions.IsAllowedUrl(_options.OpenIdMetadataUrl))
        {
            _offReason = $"Teams:OpenIdMetadataUrl '{_options.OpenIdMetadataUrl}' must be https (plain http only for loopback)";
            return;
        }

        _documentRetriever = new HttpDocumentRetriever(httpClient)
        {
            // Plain http only for a loopback metadata URL (the tests' fake channel): IsAllowedUrl refused any other.
            RequireHttps = new Uri(_options.OpenIdMetadataUrl).Scheme != Uri.UriSchemeHttp,
        };
        _metadata = NewConfigurationManager();
    }

    /// <summary>
    /// Authenticates one inbound request. Never throws for a bad request (only for cancellation); a refusal carries the
    /// reason for the logs, already logged here.
    /// </summary>
    public async Task<ChannelAuthentication> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var result = await AuthenticateCoreAsync(authorizationHeader, activity, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            LogRefused(result.Failure, result.Reason, Clip(activity.ChannelId), Clip(activity.Type));
        }

        return result;
    }

    private async Task<ChannelAuthentication> AuthenticateCoreAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        var metadata = Volatile.Read(ref _metadata);
        if (metadata is null)
        {
            return Unauthenticated(_offReason ?? "Teams is off");
        }

        if (!TryReadBearerToken(authorizationHeader, out var token, out var headerProblem))
        {
            return Unauthenticated(headerProblem);
        }

        var configuration = await GetConfigurationAsync(metadata, cancellationToken).ConfigureAwait(false);
        if (configuration is null)
        {
            return ChannelAuthentication.Fail(ChannelAuthenticationFailure.KeysUnavailable, "the channel's signing keys could not be fetched");
        }

        var validation = await ValidateAsync(token, configuration).ConfigureAwait(false);
        if (validation.Exception is SecurityTokenSignatureKeyNotFoundException
            && await RefreshAsync(configuration, cancellationToken).ConfigureAwait(false) is { } refreshed)
        {
            // The token names a key we had not cached and the key set was fetched again: try once more.
            configuration = refreshed;
            validation = await ValidateAsync(token, configuration).ConfigureAwait(false);
        }

        if (!validation.IsValid)
        {
            return Unauthenticated(Describe(validation.Exception));
        }

        var keyId = validation.SecurityToken?.SigningKey?.KeyId ?? (validation.SecurityToken as JsonWebToken)?.Kid;
        var endorsements = Endorsements(configuration, keyId);
        if (string.IsNullOrEmpty(activity.ChannelId) || !endorsements.Contains(activity.ChannelId, StringComparer.Ordinal))
        {
            return ChannelAuthentication.Fail(
                ChannelAuthenticationFailure.Forbidden,
                $"signing key '{keyId}' is not endorsed for channel '{activity.ChannelId}' (endorsements: {string.Join(", ", endorsements)})");
        }

        var claimedServiceUrl = validation.ClaimsIdentity.FindFirst(ServiceUrlClaim)?.Value;
        if (string.IsNullOrWhiteSpace(claimedServiceUrl))
        {
            return ChannelAuthentication.Fail(ChannelAuthenticationFailure.Forbidden, "the token has no serviceurl claim");
        }

        if (!SameServiceUrl(claimedServiceUrl, activity.ServiceUrl))
        {
            return ChannelAuthentication.Fail(
                ChannelAuthenticationFailure.Forbidden,
                $"serviceurl claim '{claimedServiceUrl}' does not match the activity's serviceUrl '{activity.ServiceUrl}'");
        }

        return ChannelAuthentication.Success(validation.ClaimsIdentity);
    }

    /// <summary>
    /// The channel rolled its keys (a token names one we do not know): fetch the key set again, now, unless that was
    /// done less than <see cref="MinimumForcedRefreshInterval"/> ago. Null when nothing new was fetched.
    /// IdentityModel 8.x's <c>RequestRefresh</c> only starts a background fetch (unless a process-wide AppContext switch,
    /// read once by whichever IdentityModel object is created first, says otherwise), so the retry would still see the old
    /// keys. A new configuration manager awaits its first fetch in every mode; it replaces the old one when it succeeds.
    /// </summary>
    private async Task<OpenIdConnectConfiguration?> RefreshAsync(OpenIdConnectConfiguration stale, CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another request may have fetched the keys again while this one waited at the gate.
            var current = await GetConfigurationAsync(Volatile.Read(ref _metadata)!, cancellationToken).ConfigureAwait(false);
            if (current is not null && !ReferenceEquals(current, stale))
            {
                return current;
            }

            var now = _time.GetUtcNow();
            if (_lastForcedRefresh is { } last && now - last < MinimumForcedRefreshInterval)
            {
                return null;
            }

            _lastForcedRefresh = now;
            LogRefreshingKeys();
            var fresh = NewConfigurationManager();
            var configuration = await GetConfigurationAsync(fresh, cancellationToken).ConfigureAwait(false);
            if (configuration is not null)
            {
                Volatile.Write(ref _metadata, fresh);
            }

            return configuration;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private ConfigurationManager<OpenIdConnectConfiguration> NewConfigurationManager() =>
        new(_options.OpenIdMetadataUrl, new OpenIdConnectConfigurationRetriever(), _documentRetriever!);

    private async Task<OpenIdConnectConfiguration?> GetConfigurationAsync(
        ConfigurationManager<OpenIdConnectConfiguration> metadata, CancellationToken cancellationToken)
    {
        try
        {
            return await metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or JsonException or ArgumentException)
        {
            LogKeysUnavailable(_options.OpenIdMetadataUrl, e);
            return null;
        }
    }

    private Task<TokenValidationResult> ValidateAsync(string token, OpenIdConnectConfiguration configuration) =>
        _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = TeamsOptions.ChannelIssuer,
            ValidAudience = _options.AppId,
            ClockSkew = ClockSkew,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = AllowedAlgorithms,
            IssuerSigningKeys = configuration.SigningKeys,
        });

    /// <summary>Exactly <c>Bearer &lt;token&gt;</c>: the scheme as spelled, one space, one non-empty token.</summary>
    private static bool TryReadBearerToken(string? header, out string token, out string problem)
    {
        token = "";
        const string scheme = "Bearer ";
        if (string.IsNullOrEmpty(header))
        {
            problem = "no Authorization header";
            return false;
        }

        if (!header.StartsWith(scheme, StringComparison.Ordinal))
        {
            problem = "the Authorization header is not 'Bearer <token>'";
            return false;
        }

        var rest = header[scheme.Length..];
        if (rest.Length == 0 || rest.Any(char.IsWhiteSpace))
        {
            problem = "the Authorization header is not 'Bearer <token>'";
            return false;
        }

        token = rest;
        problem = "";
        return true;
    }

    private static List<string> Endorsements(OpenIdConnectConfiguration configuration, string? keyId)
    {
        var key = configuration.JsonWebKeySet?.Keys.FirstOrDefault(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));
        if (key is null || !key.AdditionalData.TryGetValue(EndorsementsMember, out var value))
        {
            return [];
        }

        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.String)
                .Select(e => e.GetString()!)
                .ToList(),
            string single => [single],
            IEnumerable<object> items => items.OfType<string>().ToList(),
            _ => [],
        };
    }

    private static bool SameServiceUrl(string claimed, string? activityServiceUrl) =>
        !string.IsNullOrWhiteSpace(activityServiceUrl)
        && string.Equals(claimed.Trim().TrimEnd('/'), activityServiceUrl.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>A short reason and the exception types (IdentityModel wraps e.g. an algorithm refusal in a signature failure).</summary>
    private static string Describe(Exception? exception) =>
        exception is null ? "the token was refused" : $"{Summary(exception)} ({ExceptionChain(exception)})";

    private static string ExceptionChain(Exception exception)
    {
        var names = new List<string>();
        for (var e = exception; e is not null && names.Count < 4; e = e.InnerException)
        {
            names.Add(e.GetType().Name);
        }

        return string.Join(" <- ", names);
    }

    private static string Summary(Exception exception) => exception switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet",
        SecurityTokenNoExpirationException => "the token has no expiry",
        SecurityTokenInvalidLifetimeException => "the token's lifetime is invalid",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenSignatureKeyNotFoundException => "the signing key is not in the channel's key set",
        SecurityTokenInvalidAlgorithmException => "signing algorithm not allowed",
        SecurityTokenInvalidSignatureException => "bad signature",
        SecurityTokenMalformedException => "malformed token",
        _ => "the token was refused",
    };

    /// <summary>Activity fields are not authenticated yet when logged: keep them short.</summary>
    private static string? Clip(string? value) => value is { Length: > 64 } ? value[..64] + "…" : value;

    private static ChannelAuthentication Unauthenticated(string reason) =>
        ChannelAuthentication.Fail(ChannelAuthenticationFailure.Unauthenticated, reason);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Teams request refused ({Failure}): {Reason} (channel {ChannelId}, activity type {ActivityType})")]
    private partial void LogRefused(ChannelAuthenticationFailure failure, string? reason, string? channelId, string? activityType);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "A Teams token names a signing key not in the cached key set: fetching the Bot Framework keys again")]
    private partial void LogRefreshingKeys();

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Could not fetch the Bot Framework signing keys from {MetadataUrl}")]
    private partial void LogKeysUnavailable(string metadataUrl, Exception exception);
}

public static class BotFrameworkAuthenticationServiceCollectionExtensions
{
    /// <summary>The named <see cref="HttpClient"/> that fetches the channel's OpenID metadata and keys.</summary>
    public const string HttpClientName = "Teams.OpenIdMetadata";

    /// <summary>
    /// The authenticator as a singleton (it caches the channel's keys) over a named HttpClient. Binding
    /// <see cref="TeamsOptions"/> to the <c>Teams</c> section is the caller's job.
    /// </summary>
    public static IServiceCollection AddBotFrameworkAuthentication(this IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            // The singleton keeps its client: let connections be recycled so DNS changes are seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(15) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton(provider => new BotFrameworkAuthenticator(
            provider.GetRequiredService<IOptions<TeamsOptions>>(),
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<ILogger<BotFrameworkAuthenticator>>(),
            provider.GetService<TimeProvider>()));
        return services;
    }
}
