using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using SignOffBot.Host.Http;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Teams.Payloads;

namespace SignOffBot.Host.Teams.Connector;

/// <summary>
/// The client-credentials token the bot sends to the Bot Connector (scope <see cref="TeamsOptions.ConnectorScope"/>),
/// from <see cref="TeamsOptions.EffectiveTokenEndpoint"/>. One token is cached until 5 minutes before it expires
/// (half its lifetime when it lives less than 10 minutes); concurrent callers share one refresh. Neither the
/// client secret nor a token is ever logged. Failures throw a transient <see cref="DeliveryFailedException"/>
/// (the outbox retries; a credentials fix made meanwhile is picked up), a misconfiguration a permanent one.
/// Register it as a singleton (see <see cref="TeamsConnectorServiceCollectionExtensions.AddBotConnector"/>).
/// </summary>
public sealed partial class BotTokenProvider(
    IHttpClientFactory httpClients,
    IOptionsMonitor<TeamsOptions> options,
    TimeProvider time,
    ILogger<BotTokenProvider> log)
{
    /// <summary>The named HttpClient used for the token endpoint.</summary>
    public const string HttpClientName = "SignOffBot.Teams.Token";

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private CachedToken? _cached;

    /// <summary>A valid access token (cached, or fetched now), to be sent as <c>Authorization: Bearer …</c>.</summary>
    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (Usable(Volatile.Read(ref _cached), settings) is { } token)
        {
            return token;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (Usable(Volatile.Read(ref _cached), settings) is { } refreshed)
            {
                return refreshed;
            }

            var fetched = await FetchAsync(settings, cancellationToken, LogLevel.Information);
            Volatile.Write(ref _cached, fetched);
            return fetched.Value;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>
    /// Fetches a new token now, whatever is cached, and keeps it for <see cref="GetTokenAsync"/>: proof that the
    /// credentials still work (a readiness check; a cached token would hide a secret revoked since). Throws as
    /// <see cref="GetTokenAsync"/> does; a failure leaves the cached token as it was. Logged at Debug, as checks repeat.
    /// </summary>
    public async Task FetchNewAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            Volatile.Write(ref _cached, await FetchAsync(settings, cancellationToken, LogLevel.Debug));
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Drops the cached token: the next <see cref="GetTokenAsync"/> fetches a new one.</summary>
    public void Invalidate() => Volatile.Write(ref _cached, null);

    /// <summary>
    /// Drops the cached token if it is still <paramref name="rejectedToken"/> (a connector answered 401 to it);
    /// a token another caller already refreshed is kept, so concurrent 401s cause one refresh only.
    /// </summary>
    public void Invalidate(string rejectedToken)
    {
        var cached = Volatile.Read(ref _cached);
        if (cached is not null && string.Equals(cached.Value, rejectedToken, StringComparison.Ordinal))
        {
            Interlocked.CompareExchange(ref _cached, null, cached);
        }
    }

    private string? Usable(CachedToken? cached, TeamsOptions settings) =>
        cached is not null && cached.IsFor(settings) && time.GetUtcNow() < cached.RefreshAt ? cached.Value : null;

    private async Task<CachedToken> FetchAsync(TeamsOptions settings, CancellationToken cancellationToken, LogLevel fetchedLevel)
    {
        if (!settings.IsOn)
        {
            throw new DeliveryFailedException("Teams is off: Teams:AppId and Teams:AppPassword are not both set, so there is no Bot Connector token.", permanent: true);
        }

        var endpoint = settings.EffectiveTokenEndpoint;
        if (!TeamsOptions.IsAllowedUrl(endpoint))
        {
            throw new DeliveryFailedException($"Teams:TokenEndpoint '{endpoint}' must be an https URL (plain http only for loopback addresses); the client secret is not sent there.", permanent: true);
        }

        var http = httpClients.CreateClient(HttpClientName);
        var attempts = 1;
        TimeSpan? lastRetryAfter = null;
        var requestedAt = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.AppId,
                ["client_secret"] = settings.AppPassword,
                ["scope"] = TeamsOptions.ConnectorScope,
            }),
        };

        // Transient failures are retried by the client's OutboundResilience policy; each retry is logged here.
        request.OnRetry(retry =>
        {
            attempts = retry.Attempt + 1;
            lastRetryAfter = retry.RetryAfter ?? lastRetryAfter;
            var failure = retry.Exception is { } e ? Failure(e) : retry.Failure;
            LogTokenRetry(endpoint, failure, retry.Attempt, retry.MaxAttempts, retry.Wait);
        });

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (OutboundResilience.IsTransient(e))
        {
            throw new DeliveryFailedException($"The Bot Connector token endpoint {endpoint} {Failure(e)} after {attempts} attempts.", permanent: false, lastRetryAfter, e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var token = Parse(body, endpoint);
                var lifetime = TimeSpan.FromSeconds(Math.Max(0, token.ExpiresIn ?? 3600));
                var margin = lifetime > RefreshMargin * 2 ? RefreshMargin : lifetime / 2;
                var refreshAt = requestedAt + lifetime - margin;
                LogTokenFetched(fetchedLevel, endpoint, requestedAt + lifetime);
                return new CachedToken(token.AccessToken!, refreshAt, settings);
            }

            var status = (int)response.StatusCode;
            var detail = ConnectorErrors.ErrorDetail(body);
            if (OutboundResilience.IsTransient(response.StatusCode))
            {
                var retryAfter = OutboundResilience.RetryAfter(response, time);
                lastRetryAfter = retryAfter ?? lastRetryAfter;
                var when = OutboundResilience.IsTooLongToWait(retryAfter)
                    ? $"asking for {OutboundResilience.Seconds(retryAfter!.Value)} s, longer than waiting here"
                    : $"after {attempts} attempt(s)";
                throw new DeliveryFailedException($"The Bot Connector token endpoint {endpoint} answered {status} {when}: {detail}", permanent: false, lastRetryAfter);
            }

            // 400/401 (wrong secret, AADSTS700016 for a single-tenant app asking botframework.com, …): not
            // retried here, but transient for the outbox: fixing the configuration cures it.
            throw new DeliveryFailedException($"The Bot Connector token endpoint {endpoint} refused the bot's credentials ({status}): {detail}. Check Teams:AppId, Teams:AppPassword and Teams:TenantId.", permanent: false);
        }
    }

    private static string Failure(Exception e) => e is HttpRequestException ? $"unreachable ({e.Message})" : "timed out";

    private static TokenResponse Parse(string body, string endpoint)
    {
        TokenResponse? token = null;
        try
        {
            token = JsonSerializer.Deserialize<TokenResponse>(body, TeamsJson.Options);
        }
        catch (JsonException)
        {
            // Reported below.
        }

        if (token is null || string.IsNullOrEmpty(token.AccessToken)
            || (token.TokenType is { } type && !type.Equals("Bearer", StringComparison.OrdinalIgnoreCase)))
        {
            throw new DeliveryFailedException($"The Bot Connector token endpoint {endpoint} answered without a Bearer access_token.", permanent: false);
        }

        return token;
    }

    [LoggerMessage(EventId = 4100, Message = "Got a Bot Connector token from {Endpoint}, valid until {ExpiresAt:O}")]
    private partial void LogTokenFetched(LogLevel level, string endpoint, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4210, Level = LogLevel.Warning, Message = "The Bot Connector token endpoint {Endpoint} answered {Status}; retrying in {Wait} (attempt {Attempt} of {MaxAttempts})")]
    private partial void LogTokenRetry(string endpoint, string status, int attempt, int maxAttempts, TimeSpan wait);

    private sealed class TokenResponse
    {
        [JsonPropertyName("access_token")]
        public string? AccessToken { get; init; }

        [JsonPropertyName("token_type")]
        public string? TokenType { get; init; }

        [JsonPropertyName("expires_in")]
        public long? ExpiresIn { get; init; }
    }

    /// <summary>A token and what it was fetched with (a class, not a record: no ToString that prints the token).</summary>
    private sealed class CachedToken(string value, DateTimeOffset refreshAt, TeamsOptions settings)
    {
        private readonly string _endpoint = settings.EffectiveTokenEndpoint;
        private readonly string _appId = settings.AppId;
        private readonly string _appPassword = settings.AppPassword;

        public string Value { get; } = value;

        public DateTimeOffset RefreshAt { get; } = refreshAt;

        /// <summary>False once the configuration changed (another endpoint, app or secret).</summary>
        public bool IsFor(TeamsOptions current) =>
            string.Equals(_endpoint, current.EffectiveTokenEndpoint, StringComparison.Ordinal)
            && string.Equals(_appId, current.AppId, StringComparison.Ordinal)
            && string.Equals(_appPassword, current.AppPassword, StringComparison.Ordinal);
    }
}
