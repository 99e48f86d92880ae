using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SignOffBot.Host.Http;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Slack.BlockKit;

namespace SignOffBot.Host.Slack.WebApi;

/// <summary>
/// The Slack Web API methods the bot uses, at <c>Slack:ApiBaseUrl</c> + method name, with
/// <c>Authorization: Bearer &lt;Slack:BotToken&gt;</c>; writes are JSON POSTs (<c>application/json; charset=utf-8</c>),
/// <c>users.info</c> is a GET with a query string (it does not take JSON). The token goes only to a base URL that is
/// https (plain http only on loopback), and never into a log line or exception message. Also posts to an
/// interaction's <c>response_url</c> (no token). Every text it sends is a <see cref="SlackMrkdwn"/>, never a plain string,
/// so what people typed reaches Slack escaped and the only mentions are those the bot writes.
/// <para>
/// Failures throw <see cref="DeliveryFailedException"/>. Slack's <c>{"ok":false,"error":"code"}</c> becomes one whose
/// inner exception is a <see cref="SlackApiException"/> with the code (see <see cref="SlackApiException.Find"/>),
/// permanent or not per <see cref="SlackApiException.IsPermanentError"/>; it is not retried here. Transient failures
/// (HTTP 429, 408, 5xx, network errors and timeouts) are retried by the HttpClient's <see cref="OutboundResilience"/>
/// policy, the same one the Bot Connector has: at most <see cref="OutboundResilience.MaxAttempts"/> attempts of
/// <see cref="OutboundResilienceOptions.AttemptTimeout"/> each, after the 429's Retry-After when it is at most
/// <see cref="OutboundResilience.LongestInlineWait"/> (a longer one is handed back at once as
/// <see cref="DeliveryFailedException.RetryAfter"/>), then thrown as transient for the outbox to retry later. A
/// retried timeout or network error may strike after Slack acted on the call, so a post can, rarely, appear twice
/// (the outbox has the same trade-off). Any other HTTP status (Slack uses only 200 and 429) is permanent.
/// </para>
/// </summary>
public sealed partial class SlackApiClient(
    HttpClient http,
    IOptions<SlackOptions> options,
    SlackUserCache users,
    TimeProvider time,
    ILogger<SlackApiClient> log)
{
    private const string ResponseUrlOperation = "response_url";

    /// <summary>
    /// <c>chat.postMessage</c>: <paramref name="text"/> is the notification/fallback text (give it even with blocks);
    /// <paramref name="threadTs"/> posts as a reply in that thread (<paramref name="broadcast"/>: also shown in the channel). Returns the channel Slack posted to (a <c>D…</c>
    /// id when <paramref name="channel"/> was a user id) and the message's <c>ts</c>, which together address it for
    /// <see cref="UpdateAsync"/>.
    /// </summary>
    public async Task<(string Channel, string Ts)> PostMessageAsync(string channel, SlackMrkdwn text, JsonArray? blocks, string? threadTs, CancellationToken cancellationToken, bool broadcast = false)
    {
        const string Method = "chat.postMessage";
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        var replyBroadcast = threadTs is not null && broadcast ? JsonValue.Create(true) : null;
        var answer = await CallAsync(Method, Json(("channel", channel), ("text", text.Text), ("blocks", blocks), ("thread_ts", threadTs), ("reply_broadcast", replyBroadcast)), query: null, cancellationToken);
        var ts = Text(answer, "ts") ?? throw Incomplete(Method, "ts");
        return (Text(answer, "channel") ?? channel, ts);
    }

    /// <summary>
    /// <c>chat.update</c> of a message the bot posted (<paramref name="channel"/> must be the <c>C…</c>/<c>D…</c> id,
    /// not a user id). Null <paramref name="blocks"/> leaves the message's blocks as they are; an empty array removes them.
    /// </summary>
    public async Task UpdateAsync(string channel, string ts, SlackMrkdwn text, JsonArray? blocks, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(ts);
        await CallAsync("chat.update", Json(("channel", channel), ("ts", ts), ("text", text.Text), ("blocks", blocks)), query: null, cancellationToken);
    }

    /// <summary><c>chat.postEphemeral</c>: a message only <paramref name="user"/> sees in <paramref name="channel"/> (it cannot be updated later).</summary>
    public async Task PostEphemeralAsync(string channel, string user, SlackMrkdwn text, JsonArray? blocks, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        await CallAsync("chat.postEphemeral", Json(("channel", channel), ("user", user), ("text", text.Text), ("blocks", blocks)), query: null, cancellationToken);
    }

    /// <summary><c>chat.getPermalink</c> (GET, no scope needed): a link that opens the message in Slack.</summary>
    public async Task<string> PermalinkAsync(string channel, string ts, CancellationToken cancellationToken)
    {
        const string Method = "chat.getPermalink";
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(ts);
        var answer = await CallAsync(Method, json: null, [new("channel", channel), new("message_ts", ts)], cancellationToken);
        return Text(answer, "permalink") ?? throw Incomplete(Method, "permalink");
    }

    /// <summary><c>conversations.open</c> with one user: the id (<c>D…</c>) of the bot's direct-message channel with them.</summary>
    public async Task<string> OpenConversationAsync(string userId, CancellationToken cancellationToken)
    {
        const string Method = "conversations.open";
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var answer = await CallAsync(Method, Json(("users", userId)), query: null, cancellationToken);
        return (answer["channel"] is JsonObject channel ? Text(channel, "id") : null) ?? throw Incomplete(Method, "channel.id");
    }

    /// <summary>
    /// <c>users.info</c> (GET <c>?user=</c>), answered from memory for <see cref="SlackUserCache.Lifetime"/> after a
    /// successful lookup. A missing user throws with <c>user_not_found</c> (permanent).
    /// </summary>
    public async Task<SlackUser> UserInfoAsync(string userId, CancellationToken cancellationToken)
    {
        const string Method = "users.info";
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (users.TryGet(userId, out var cached))
        {
            return cached;
        }

        var answer = await CallAsync(Method, json: null, [new("user", userId)], cancellationToken);
        if (answer["user"] is not JsonObject user || Text(user, "id") is not { } id)
        {
            throw Incomplete(Method, "user.id");
        }

        var result = ToUser(user, id);
        users.Store(result);
        return result;
    }

    /// <summary>
    /// <c>users.lookupByEmail</c> (GET <c>?email=</c>, scope <c>users:read.email</c>): the Slack user with this address,
    /// or null when the workspace has none (<c>users_not_found</c>).
    /// </summary>
    public async Task<SlackUser?> LookupByEmailAsync(string email, CancellationToken cancellationToken)
    {
        const string Method = "users.lookupByEmail";
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        JsonObject answer;
        try
        {
            answer = await CallAsync(Method, json: null, [new("email", email)], cancellationToken);
        }
        catch (DeliveryFailedException e) when (SlackApiException.Find(e)?.ErrorCode == "users_not_found")
        {
            return null;
        }

        if (answer["user"] is not JsonObject user || Text(user, "id") is not { } id)
        {
            throw Incomplete(Method, "user.id");
        }

        var result = ToUser(user, id);
        users.Store(result);
        return result;
    }

    /// <summary>
    /// <c>auth.test</c> (no scope needed): whether Slack takes the bot token; returns the workspace id and the bot's user
    /// id. A token Slack refuses throws with <c>invalid_auth</c>, <c>token_revoked</c>, … (permanent).
    /// </summary>
    public async Task<(string? TeamId, string? UserId)> AuthTestAsync(CancellationToken cancellationToken)
    {
        var answer = await CallAsync("auth.test", Json(), query: null, cancellationToken);
        return (Text(answer, "team_id"), Text(answer, "user_id"));
    }

    /// <summary>
    /// Shares a file in <paramref name="channel"/> with Slack's upload flow (scope <c>files:write</c>):
    /// <c>files.getUploadURLExternal</c> with its name and length; the bytes POSTed raw to the <c>upload_url</c> it gives
    /// (without the token: that URL is the capability, and only an https one, or http on loopback, is used); then
    /// <c>files.completeUploadExternal</c>, which posts the file with <paramref name="caption"/> as its message. Both
    /// methods get their arguments form-encoded, the content type both are documented with (<c>files</c> as a JSON
    /// string field). A file whose completion fails is never shared: a new call starts a new upload. Returns the file's id.
    /// </summary>
    public async Task<string> UploadFileAsync(string channel, string fileName, byte[] content, SlackMrkdwn caption, CancellationToken cancellationToken)
    {
        const string GetUrl = "files.getUploadURLExternal", Upload = "upload_url", Complete = "files.completeUploadExternal";
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(content);
        var length = content.Length.ToString(CultureInfo.InvariantCulture);
        var target = await CallAsync(GetUrl, json: null, query: null, cancellationToken, form: [new("filename", fileName), new("length", length)]);
        var fileId = Text(target, "file_id") ?? throw Incomplete(GetUrl, "file_id");
        if (!Uri.TryCreate(Text(target, "upload_url"), UriKind.Absolute, out var uploadUrl) || !IsAllowedUrl(uploadUrl))
        {
            throw new DeliveryFailedException($"Slack {GetUrl} answered without an https upload_url.", permanent: false);
        }

        var uploaded = await SendAsync(Upload, uploadUrl, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, uploadUrl) { Content = new ByteArrayContent(content) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return request;
        }, cancellationToken);
        if (!uploaded.IsSuccess)
        {
            throw HttpFailure(Upload, uploadUrl, uploaded);
        }

        var files = new JsonArray(new JsonObject { ["id"] = fileId, ["title"] = fileName }).ToJsonString();
        await CallAsync(Complete, json: null, query: null, cancellationToken,
            form: [new("files", files), new("channel_id", channel), new("initial_comment", caption.Text)]);
        return fileId;
    }

    /// <summary><c>conversations.join</c> (scope <c>channels:join</c>): the bot joins a public channel.</summary>
    public async Task JoinAsync(string channel, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        await CallAsync("conversations.join", Json(("channel", channel)), query: null, cancellationToken);
    }

    private static SlackUser ToUser(JsonObject user, string id)
    {
        var profile = user["profile"] as JsonObject;
        var name = FirstText(
            profile is null ? null : Text(profile, "real_name"),
            Text(user, "real_name"),
            profile is null ? null : Text(profile, "display_name"),
            Text(user, "name")) ?? id;
        var email = profile is null ? null : Text(profile, "email")?.Trim().ToLowerInvariant();
        return new SlackUser(id, name, string.IsNullOrEmpty(email) ? null : email)
        {
            TimeZone = Text(user, "tz"),
            IsBot = Flag(user, "is_bot"),
            Deleted = Flag(user, "deleted"),
        };
    }

    /// <summary><c>views.open</c> with an interaction's <paramref name="triggerId"/> (valid for 3 s, once); returns the view's id.</summary>
    public async Task<string> OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken)
    {
        const string Method = "views.open";
        ArgumentException.ThrowIfNullOrWhiteSpace(triggerId);
        ArgumentNullException.ThrowIfNull(view);
        var answer = await CallAsync(Method, Json(("trigger_id", triggerId), ("view", view)), query: null, cancellationToken);
        return (answer["view"] is JsonObject opened ? Text(opened, "id") : null) ?? throw Incomplete(Method, "view.id");
    }

    /// <summary><c>views.update</c>; with <paramref name="hash"/> Slack refuses (<c>hash_conflict</c>) if the view changed meanwhile.</summary>
    public async Task UpdateViewAsync(string viewId, JsonObject view, string? hash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(viewId);
        ArgumentNullException.ThrowIfNull(view);
        await CallAsync("views.update", Json(("view_id", viewId), ("view", view), ("hash", hash)), query: null, cancellationToken);
    }

    /// <summary>
    /// <c>views.publish</c> (no scope needed): sets <paramref name="userId"/>'s App Home tab to <paramref name="view"/>
    /// (<c>type: home</c>), replacing what was there.
    /// </summary>
    public async Task PublishViewAsync(string userId, JsonObject view, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(view);
        await CallAsync("views.publish", Json(("user_id", userId), ("view", view)), query: null, cancellationToken);
    }

    /// <summary>
    /// Posts <paramref name="message"/> (e.g. <c>{"response_type":"in_channel","text":…,"blocks":…}</c>) as JSON to an
    /// interaction's or command's <c>response_url</c>, without the bot token. Only https URLs (plain http
    /// only on loopback) are used; the URL (a capability) is never logged, only its host.
    /// </summary>
    public async Task RespondAsync(string responseUrl, SlackMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(responseUrl);
        ArgumentNullException.ThrowIfNull(message);
        if (!Uri.TryCreate(responseUrl.Trim(), UriKind.Absolute, out var uri) || !IsAllowedUrl(uri))
        {
            throw new DeliveryFailedException(
                "Slack response_url refused: it must be an absolute https URL (plain http only for loopback addresses).", permanent: true);
        }

        var body = Encoding.UTF8.GetBytes(message.ToJson().ToJsonString());
        var answer = await SendAsync(ResponseUrlOperation, uri, () => JsonRequest(uri, body), cancellationToken);
        if (answer.IsSuccess)
        {
            // Slack answers {"ok":true} (older hooks: plain "ok"); only an explicit ok:false is a failure.
            if (TryParseObject(answer.Body) is { } json && json["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var isOk) && !isOk)
            {
                throw SlackError(ResponseUrlOperation, json, answer.RetryAfter);
            }

            return;
        }

        // Hooks answer errors with a status and a bare code (e.g. 404 expired_url, used_url).
        var code = TryParseObject(answer.Body) is { } error && Text(error, "error") is { } c ? c : BareCode(answer.Body);
        if (code is not null)
        {
            throw SlackError(ResponseUrlOperation, code, permanent: true, answer.RetryAfter, $"HTTP {(int)answer.Status}");
        }

        throw HttpFailure(ResponseUrlOperation, uri, answer);
    }

    /// <summary>https, or http to a loopback address (tests, a local relay).</summary>
    internal static bool IsAllowedUrl(Uri uri) =>
        uri.IsAbsoluteUri
        && !string.IsNullOrEmpty(uri.Host)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    /// <summary><paramref name="apiBaseUrl"/> (trailing slash added) + <paramref name="method"/> + the escaped query.</summary>
    internal static Uri BuildUri(string apiBaseUrl, string method, IReadOnlyList<KeyValuePair<string, string>>? query)
    {
        var baseUrl = apiBaseUrl.Trim();
        if (!baseUrl.EndsWith('/'))
        {
            baseUrl += "/";
        }

        var uri = new Uri(new Uri(baseUrl, UriKind.Absolute), method);
        if (query is null || query.Count == 0)
        {
            return uri;
        }

        var builder = new UriBuilder(uri)
        {
            Query = string.Join('&', query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))),
        };
        return builder.Uri;
    }

    private async Task<JsonObject> CallAsync(
        string method, byte[]? json, IReadOnlyList<KeyValuePair<string, string>>? query, CancellationToken cancellationToken, IReadOnlyList<KeyValuePair<string, string>>? form = null)
    {
        var settings = options.Value;

        // Checked before anything is sent: the token never leaves for a host it should not go to.
        if (string.IsNullOrWhiteSpace(settings.BotToken))
        {
            throw new DeliveryFailedException($"Slack {method}: {SlackOptions.Section}:BotToken is not set, so Slack is off.", permanent: true);
        }

        if (!Uri.TryCreate(settings.ApiBaseUrl?.Trim(), UriKind.Absolute, out var baseUri) || !IsAllowedUrl(baseUri))
        {
            throw new DeliveryFailedException(
                $"Slack {method}: refusing to send the bot token to {SlackOptions.Section}:ApiBaseUrl '{settings.ApiBaseUrl}'; it must be an https URL (plain http only for loopback addresses).",
                permanent: true);
        }

        var uri = BuildUri(baseUri.OriginalString, method, query);
        var token = settings.BotToken.Trim();
        var answer = await SendAsync(method, uri, () =>
        {
            var request = form is not null ? FormRequest(uri, form) : json is null ? new HttpRequestMessage(HttpMethod.Get, uri) : JsonRequest(uri, json);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }, cancellationToken);

        if (!answer.IsSuccess)
        {
            throw HttpFailure(method, uri, answer);
        }

        if (TryParseObject(answer.Body) is not { } result)
        {
            throw new DeliveryFailedException($"Slack {method} answered HTTP {(int)answer.Status} without a JSON object.", permanent: false);
        }

        LogWarnings(method, result);
        if (result["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var isOk) && isOk)
        {
            return result;
        }

        throw SlackError(method, result, answer.RetryAfter);
    }

    /// <summary>
    /// Sends through the <see cref="OutboundResilience"/> policy, which retries 429/408/5xx/network errors/timeouts as
    /// the class summary says, logging each retry. Returns the answer that is a success or a failure not worth
    /// retrying; throws a transient <see cref="DeliveryFailedException"/> when the tries run out or the platform asks
    /// for a wait longer than the policy takes here.
    /// </summary>
    private async Task<Answer> SendAsync(string operation, Uri uri, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        var attempts = 1;
        TimeSpan? lastRetryAfter = null;
        using var request = build();
        request.OnRetry(retry =>
        {
            attempts = retry.Attempt + 1;
            lastRetryAfter = retry.RetryAfter ?? lastRetryAfter;
            if (retry.Response is { } failed)
            {
                LogAnswered(operation, uri.Host, (int)failed.StatusCode, retry.Duration);
            }

            LogRetry(operation, uri.Host, retry.Failure, retry.Attempt, retry.MaxAttempts, retry.Wait);
        });

        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception e) when (OutboundResilience.IsTransient(e))
        {
            var failure = OutboundResilience.Describe(e);
            LogGaveUp(operation, uri.Host, $"{failure} after {attempts} attempts", attempts);
            throw new DeliveryFailedException(
                $"Slack {operation} to {uri.Host} failed ({failure}: {e.Message}) after {attempts} attempts.", permanent: false, lastRetryAfter, e);
        }

        HttpStatusCode status;
        string body;
        TimeSpan? retryAfter;
        using (response)
        {
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken);
            retryAfter = OutboundResilience.RetryAfter(response, time);
        }

        LogAnswered(operation, uri.Host, (int)status, Stopwatch.GetElapsedTime(started));
        if (!OutboundResilience.IsTransient(status))
        {
            return new Answer(status, body, retryAfter);
        }

        lastRetryAfter = retryAfter ?? lastRetryAfter;
        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        var why = OutboundResilience.IsTooLongToWait(retryAfter)
            ? $"HTTP {code}, Retry-After {OutboundResilience.Seconds(retryAfter!.Value)} s is longer than waiting here"
            : $"HTTP {code} after {attempts} attempts";
        LogGaveUp(operation, uri.Host, why, attempts);
        throw new DeliveryFailedException($"Slack {operation} to {uri.Host} failed ({why}).", permanent: false, lastRetryAfter);
    }

    private static HttpRequestMessage JsonRequest(Uri uri, byte[] json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static HttpRequestMessage FormRequest(Uri uri, IReadOnlyList<KeyValuePair<string, string>> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>A JSON object of the non-null fields, in order; nodes are written as they are (never re-parented).</summary>
    private static byte[] Json(params (string Name, object? Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                switch (value)
                {
                    case null:
                        break;
                    case string text:
                        writer.WriteString(name, text);
                        break;
                    case JsonNode node:
                        writer.WritePropertyName(name);
                        node.WriteTo(writer);
                        break;
                    default:
                        throw new ArgumentException($"Unsupported field type {value.GetType()} for '{name}'.", nameof(fields));
                }
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private DeliveryFailedException SlackError(string method, JsonObject answer, TimeSpan? retryAfter)
    {
        var code = Text(answer, "error") is { Length: > 0 } error ? error : "unknown_error";
        string? detail = null;
        if (code == "missing_scope")
        {
            detail = $"needed '{Text(answer, "needed")}', provided '{Text(answer, "provided")}'";
        }
        else if (answer["response_metadata"] is JsonObject metadata && metadata["messages"] is JsonArray messages && messages.Count > 0)
        {
            // invalid_blocks and friends say which block is wrong here.
            detail = Shorten(string.Join("; ", messages.Select(m => m?.ToString())));
        }

        return SlackError(method, code, SlackApiException.IsPermanentError(code), retryAfter, detail);
    }

    private DeliveryFailedException SlackError(string method, string code, bool permanent, TimeSpan? retryAfter, string? detail)
    {
        LogSlackError(method, code, permanent);
        return new SlackApiException(method, code, permanent, retryAfter, detail).ToDeliveryFailure();
    }

    private static DeliveryFailedException HttpFailure(string operation, Uri uri, Answer answer)
    {
        var body = TryParseObject(answer.Body) is { } json && Text(json, "error") is { } error ? error : BareCode(answer.Body);
        var message = $"Slack {operation} to {uri.Host} answered HTTP {(int)answer.Status} {answer.Status} (not retried)";
        return new DeliveryFailedException(body is null ? message : $"{message}: {body}", permanent: true);
    }

    private static DeliveryFailedException Incomplete(string method, string field) =>
        new($"Slack {method} answered ok without {field}.", permanent: false);

    private static JsonObject? TryParseObject(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A body that is just an error code (<c>expired_url</c>), else null.</summary>
    private static string? BareCode(string body)
    {
        var text = body.Trim();
        return text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') ? text : null;
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool Flag(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static string? FirstText(params string?[] candidates) => candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))?.Trim();

    private static string Shorten(string text)
    {
        const int Longest = 300;
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= Longest ? text : string.Concat(text.AsSpan(0, Longest), "…");
    }

    private void LogWarnings(string method, JsonObject answer)
    {
        var warnings = new List<string>();
        if (Text(answer, "warning") is { Length: > 0 } warning)
        {
            warnings.Add(warning);
        }

        if (answer["response_metadata"] is JsonObject metadata && metadata["warnings"] is JsonArray list)
        {
            warnings.AddRange(list.Select(w => w?.ToString() ?? "").Where(w => w.Length > 0));
        }

        if (warnings.Count > 0)
        {
            LogSlackWarnings(method, string.Join(", ", warnings.Distinct(StringComparer.Ordinal)));
        }
    }

    [LoggerMessage(EventId = 4380, Level = LogLevel.Warning, Message = "Slack {Operation} to {Host} answered {Status}; retrying in {Wait} (attempt {Attempt} of {MaxAttempts})")]
    private partial void LogRetry(string operation, string host, string status, int attempt, int maxAttempts, TimeSpan wait);

    [LoggerMessage(EventId = 4381, Level = LogLevel.Warning, Message = "Slack {Operation} to {Host} failed ({Reason}) on attempt {Attempt}; left to the outbox")]
    private partial void LogGaveUp(string operation, string host, string reason, int attempt);

    [LoggerMessage(EventId = 4382, Level = LogLevel.Warning, Message = "Slack {Operation} answered ok:false, error {ErrorCode} (permanent: {Permanent})")]
    private partial void LogSlackError(string operation, string errorCode, bool permanent);

    [LoggerMessage(EventId = 4383, Level = LogLevel.Information, Message = "Slack {Operation} answered with warnings: {Warnings}")]
    private partial void LogSlackWarnings(string operation, string warnings);

    [LoggerMessage(EventId = 4384, Level = LogLevel.Debug, Message = "Slack {Operation} to {Host} answered HTTP {Status} in {Elapsed}")]
    private partial void LogAnswered(string operation, string host, int status, TimeSpan elapsed);

    private sealed record Answer(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)
    {
        public bool IsSuccess => (int)Status is >= 200 and < 300;
    }
}
