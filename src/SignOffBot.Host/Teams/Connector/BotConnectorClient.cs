using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SignOffBot.Host.Http;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Teams.Payloads;

namespace SignOffBot.Host.Teams.Connector;

/// <summary>
/// The Bot Connector REST API (v3) under a conversation's <c>serviceUrl</c>: send, reply, update, create a
/// conversation, get a member. The bot's token goes only to serviceUrls that pass
/// <see cref="TeamsOptions.IsAllowedUrl"/> (https, or http on loopback); ids are escaped path segments.
/// <para>
/// Failures throw <see cref="DeliveryFailedException"/>: 400, 401 after a token refresh, 403 (e.g. MessageWritesBlocked),
/// 404 and 413 are permanent at once. Transient failures (429, 412, 408, 5xx, network errors and timeouts) are retried
/// by the HttpClient's <see cref="OutboundResilience"/> policy, the same one the Slack client has: at most
/// <see cref="MaxAttempts"/> attempts of <see cref="OutboundResilienceOptions.AttemptTimeout"/> each, after the
/// answer's Retry-After when it is at most <see cref="OutboundResilience.LongestInlineWait"/> (a longer one is handed
/// back at once), then thrown as transient with the last Retry-After, for the outbox to retry later. A 401 is app
/// logic here, not the policy's: it drops the cached token, fetches a new one and sends the call once more (with its
/// own attempts).
/// </para>
/// </summary>
public sealed partial class BotConnectorClient(
    HttpClient http,
    BotTokenProvider tokens,
    TimeProvider time,
    ILogger<BotConnectorClient> log)
{
    /// <summary>Attempts per call for transient failures (a 401 refresh comes on top).</summary>
    public const int MaxAttempts = OutboundResilience.MaxAttempts;

    private const string CorrelationHeader = "X-Correlating-OperationId";

    /// <summary><c>POST /v3/conversations/{conversationId}/activities</c>; returns the new activity's id (null if the connector gave none).</summary>
    public async Task<string?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentNullException.ThrowIfNull(activity);
        var response = await CallAsync<ResourceResponse>(
            "SendToConversation", HttpMethod.Post, serviceUrl, ["v3", "conversations", conversationId, "activities"], activity, notFoundIsNull: false, cancellationToken);
        return NullIfEmpty(response?.Id);
    }

    /// <summary>
    /// <c>POST /v3/conversations/{conversationId}/activities/{replyToId}</c> (the activity's <c>replyToId</c> is set too);
    /// returns the new activity's id (null if the connector gave none).
    /// </summary>
    public async Task<string?> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(replyToId);
        ArgumentNullException.ThrowIfNull(activity);
        var response = await CallAsync<ResourceResponse>(
            "ReplyToActivity", HttpMethod.Post, serviceUrl, ["v3", "conversations", conversationId, "activities", replyToId],
            activity with { ReplyToId = replyToId }, notFoundIsNull: false, cancellationToken);
        return NullIfEmpty(response?.Id);
    }

    /// <summary><c>PUT /v3/conversations/{conversationId}/activities/{activityId}</c>: replaces a message the bot posted (the activity's <c>id</c> is set too).</summary>
    public async Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        await CallAsync<ResourceResponse>(
            "UpdateActivity", HttpMethod.Put, serviceUrl, ["v3", "conversations", conversationId, "activities", activityId],
            activity with { Id = activityId }, notFoundIsNull: false, cancellationToken);
    }

    /// <summary>
    /// <c>POST /v3/conversations</c>: a proactive 1:1 chat or a new channel thread (see the factories on
    /// <see cref="ConversationParameters"/>). Returns the conversation id and, for a thread, its root activity's id.
    /// </summary>
    public async Task<CreatedConversation> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var response = await CallAsync<ConversationResourceResponse>(
            "CreateConversation", HttpMethod.Post, serviceUrl, ["v3", "conversations"], parameters, notFoundIsNull: false, cancellationToken);
        if (string.IsNullOrEmpty(response?.Id))
        {
            throw new DeliveryFailedException("Bot Connector CreateConversation answered without a conversation id.", permanent: false);
        }

        return new CreatedConversation(response.Id, NullIfEmpty(response.ActivityId));
    }

    /// <summary><c>GET /v3/conversations/{conversationId}/members/{userId}</c>; null when the connector answers 404.</summary>
    public async Task<TeamsMember?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var member = await CallAsync<MemberResponse>(
            "GetMember", HttpMethod.Get, serviceUrl, ["v3", "conversations", conversationId, "members", userId], body: null, notFoundIsNull: true, cancellationToken);
        return member is null ? null : Member(member, userId);
    }

    /// <summary>
    /// <c>GET /v3/conversations/{teamId}/pagedmembers</c>: one page of a team's roster (500 at most) and the token of the
    /// next page (null on the last).
    /// </summary>
    public async Task<(IReadOnlyList<TeamsMember> Members, string? ContinuationToken)> GetPagedMembersAsync(
        string serviceUrl, string conversationId, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        var query = "pageSize=500" + (string.IsNullOrEmpty(continuationToken) ? "" : "&continuationToken=" + Uri.EscapeDataString(continuationToken));
        var page = await CallAsync<PagedMembersResponse>(
            "GetPagedMembers", HttpMethod.Get, serviceUrl, ["v3", "conversations", conversationId, "pagedmembers"], body: null, notFoundIsNull: false, cancellationToken, query);
        var members = (page?.Members ?? []).Where(m => !string.IsNullOrEmpty(m.Id)).Select(m => Member(m, m.Id!)).ToList();
        return (members, NullIfEmpty(page?.ContinuationToken));
    }

    /// <summary><c>GET /v3/teams/{teamId}/conversations</c>: the team's channels (General's id is the team's).</summary>
    public async Task<IReadOnlyList<TeamChannel>> GetTeamChannelsAsync(string serviceUrl, string teamId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(teamId);
        var list = await CallAsync<ChannelListResponse>(
            "GetTeamChannels", HttpMethod.Get, serviceUrl, ["v3", "teams", teamId, "conversations"], body: null, notFoundIsNull: false, cancellationToken);
        return [.. (list?.Conversations ?? []).Where(c => !string.IsNullOrEmpty(c.Id)).Select(c => new TeamChannel(c.Id!, NullIfEmpty(c.Name)))];
    }

    private static TeamsMember Member(MemberResponse member, string userId)
    {
        var name = member.Name ?? NullIfEmpty(string.Join(' ', new[] { member.GivenName, member.Surname }.Where(s => !string.IsNullOrWhiteSpace(s))));
        return new TeamsMember(
            member.Id ?? userId,
            NullIfEmpty(member.AadObjectId) ?? NullIfEmpty(member.ObjectId),
            name,
            NullIfEmpty(member.Email),
            NullIfEmpty(member.UserPrincipalName),
            NullIfEmpty(member.TenantId));
    }

    /// <summary>The absolute URL of <paramref name="segments"/> (each escaped) under <paramref name="serviceUrl"/> (trailing slash normalised).</summary>
    internal static Uri BuildUri(string serviceUrl, IEnumerable<string> segments)
    {
        var baseUrl = serviceUrl.Trim();
        if (!baseUrl.EndsWith('/'))
        {
            baseUrl += "/";
        }

        return new Uri(new Uri(baseUrl, UriKind.Absolute), string.Join('/', segments.Select(Uri.EscapeDataString)));
    }

    private async Task<T?> CallAsync<T>(
        string operation,
        HttpMethod method,
        string serviceUrl,
        string[] segments,
        object? body,
        bool notFoundIsNull,
        CancellationToken cancellationToken,
        string? query = null)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceUrl);

        // Checked before a token is even fetched: the bot's token never leaves for a host it should not go to.
        if (!TeamsOptions.IsAllowedUrl(serviceUrl.Trim()))
        {
            throw new DeliveryFailedException(
                $"Bot Connector {operation}: refusing to send the bot's token to serviceUrl '{serviceUrl}'; it must be https (plain http only for loopback addresses).",
                permanent: true);
        }

        var uri = BuildUri(serviceUrl, segments);
        if (query is not null)
        {
            uri = new UriBuilder(uri) { Query = query }.Uri;
        }

        var json = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), TeamsJson.Options);
        var attempts = 0;
        TimeSpan? lastRetryAfter = null;

        // At most twice: once more with a fresh token after a 401 (the policy retries transient failures inside each).
        for (var refreshedAfter401 = false; ; refreshedAfter401 = true)
        {
            var token = await tokens.GetTokenAsync(cancellationToken);
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (json is not null)
            {
                request.Content = new ByteArrayContent(json);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }

            attempts++;
            request.OnRetry(retry =>
            {
                attempts++;
                lastRetryAfter = retry.RetryAfter ?? lastRetryAfter;
                LogRetry(operation, retry.Failure, retry.Response is { } failed ? Correlation(failed) : null, retry.Attempt, retry.MaxAttempts, retry.Wait);
            });

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (OutboundResilience.IsTransient(e))
            {
                var failure = OutboundResilience.Describe(e);
                throw new DeliveryFailedException($"Bot Connector {operation} to {uri.Host} failed ({failure}: {e.Message}) after {attempts} attempts.", permanent: false, lastRetryAfter, e);
            }

            using (response)
            {
                var status = response.StatusCode;
                var correlation = Correlation(response);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);

                if (response.IsSuccessStatusCode)
                {
                    return Read<T>(text, operation, correlation);
                }

                if (status == HttpStatusCode.NotFound && notFoundIsNull)
                {
                    return null;
                }

                if (status == HttpStatusCode.Unauthorized && !refreshedAfter401)
                {
                    // An expired or revoked token: drop it, fetch a new one, send once more (not counted as an attempt).
                    tokens.Invalidate(token);
                    LogRetry(operation, "401", correlation, attempts, MaxAttempts, TimeSpan.Zero);
                    attempts--;
                    continue;
                }

                if (OutboundResilience.IsTransient(status))
                {
                    var retryAfter = OutboundResilience.RetryAfter(response, time);
                    lastRetryAfter = retryAfter ?? lastRetryAfter;
                    var note = OutboundResilience.IsTooLongToWait(retryAfter)
                        ? $"Retry-After {OutboundResilience.Seconds(retryAfter!.Value)} s is longer than waiting here"
                        : $"still failing after {attempts} attempt(s)";
                    throw new DeliveryFailedException(Describe(operation, status, text, correlation, note), permanent: false, lastRetryAfter);
                }

                throw Final(operation, status, text, correlation);
            }
        }
    }

    private static string? Correlation(HttpResponseMessage response) =>
        response.Headers.TryGetValues(CorrelationHeader, out var values) ? string.Join(",", values) : null;

    private static DeliveryFailedException Final(string operation, HttpStatusCode status, string text, string? correlation)
    {
        var code = (int)status;
        if (status == HttpStatusCode.Forbidden && text.Contains("MessageWritesBlocked", StringComparison.OrdinalIgnoreCase))
        {
            return new DeliveryFailedException(
                Describe(operation, status, text, correlation, "MessageWritesBlocked: the user blocked or uninstalled the bot; not retried"), permanent: true) { StatusCode = code };
        }

        if (status == HttpStatusCode.Forbidden && text.Contains("BotNotInConversationRoster", StringComparison.OrdinalIgnoreCase))
        {
            return new DeliveryFailedException(
                Describe(operation, status, text, correlation, "BotNotInConversationRoster: the app is not installed in that team or chat; not retried"), permanent: true) { StatusCode = code };
        }

        var permanent = code is >= 300 and < 500;
        var note = status switch
        {
            HttpStatusCode.Unauthorized => "the connector refused a freshly fetched token; not retried",
            HttpStatusCode.RequestEntityTooLarge => "the message is too big (MessageSizeTooBig); not retried",
            _ when permanent => "not retried",
            _ => "to be retried later",
        };
        return new DeliveryFailedException(Describe(operation, status, text, correlation, note), permanent) { StatusCode = code };
    }

    private static string Describe(string operation, HttpStatusCode status, string text, string? correlation, string note)
    {
        var detail = ConnectorErrors.ErrorDetail(text);
        var message = $"Bot Connector {operation} answered {(int)status} {status} ({note})";
        if (detail.Length > 0)
        {
            message += ": " + detail;
        }

        return correlation is null ? message : $"{message} [{CorrelationHeader}: {correlation}]";
    }

    private T? Read<T>(string text, string operation, string? correlation)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, TeamsJson.Options);
        }
        catch (JsonException)
        {
            // The call succeeded (a message may be posted): don't fail it and cause a duplicate; there is just no id.
            LogUnreadable(operation, correlation);
            return null;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [LoggerMessage(EventId = 4200, Level = LogLevel.Warning, Message = "Bot Connector {Operation} answered {Status}; retrying in {Wait} (attempt {Attempt} of {MaxAttempts}, X-Correlating-OperationId {CorrelationId})")]
    private partial void LogRetry(string operation, string status, string? correlationId, int attempt, int maxAttempts, TimeSpan wait);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Bot Connector {Operation} succeeded but its answer was not JSON (X-Correlating-OperationId {CorrelationId})")]
    private partial void LogUnreadable(string operation, string? correlationId);

    private sealed record ResourceResponse(string? Id);

    private sealed record ConversationResourceResponse(string? Id, string? ActivityId, string? ServiceUrl);

    private sealed record PagedMembersResponse(string? ContinuationToken, List<MemberResponse>? Members);

    private sealed record ChannelListResponse(List<ChannelInfo>? Conversations);

    private sealed record ChannelInfo(string? Id, string? Name);

    private sealed record MemberResponse(
        string? Id,
        string? AadObjectId,
        string? ObjectId,
        string? Name,
        string? GivenName,
        string? Surname,
        string? Email,
        string? UserPrincipalName,
        string? TenantId);
}
