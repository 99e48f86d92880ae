using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SignOffBot.Testing.Slack;

/// <summary>
/// Signs requests exactly as Slack does: <c>X-Slack-Request-Timestamp</c> = Unix seconds of <see cref="Time"/>'s now,
/// <c>X-Slack-Signature</c> = <c>v0=</c> + lower-case hex HMAC-SHA256(secret, <c>v0:{timestamp}:{raw body}</c>).
/// Spelled here, not borrowed from the code under test. Builds signed slash-command, interaction and event requests
/// (<see cref="CommandRequest"/>, <see cref="InteractionRequest"/>, <see cref="EventRequest"/>), each of which can be
/// tampered with through <see cref="SlackTamper"/>.
/// </summary>
public sealed class SlackSigner(string signingSecret, TimeProvider? time = null)
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";

    public const string CommandsPath = "/slack/commands";
    public const string InteractionsPath = "/slack/interactions";
    public const string EventsPath = "/slack/events";

    public const string FormContentType = "application/x-www-form-urlencoded";
    public const string JsonContentType = "application/json";
    public const string UserAgent = "Slackbot 1.0 (+https://api.slack.com/robots)";

    public const string DefaultTeamId = "T0TEAM0001";
    public const string DefaultTeamDomain = "signoff-test";
    public const string DefaultApiAppId = "A0SIGNOFF1";
    public const string DefaultUserId = "U0ANA00001";
    public const string DefaultUserName = "ana";
    public const string DefaultChannelId = "C0RELEASE1";
    public const string DefaultChannelName = "releases";

    /// <summary>The deprecated verification token Slack still sends; must be ignored.</summary>
    public const string DeprecatedToken = "xyzz0WbapA4vBCDEFasx0q6G";

    private static long _triggerCounter;

    public string SigningSecret { get; } = signingSecret;

    /// <summary>The clock the timestamps come from (give the host's fake clock when it has one).</summary>
    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    // ---------------------------------------------------------------- signatures

    /// <summary><c>v0=</c> + lower-case hex HMAC-SHA256(secret, <c>v0:{timestamp}:{body}</c>).</summary>
    public static string Signature(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));
    }

    /// <inheritdoc cref="Signature(string, string, ReadOnlySpan{byte})"/>
    public static string Signature(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        Signature(secret, timestamp.ToString(CultureInfo.InvariantCulture), body);

    /// <summary>
    /// The two headers Slack would send with <paramref name="body"/> now (per <see cref="Time"/>), after
    /// <paramref name="tamper"/>. A header left out by the tamper is absent from the result.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers(byte[] body, SlackTamper? tamper = null)
    {
        tamper ??= SlackTamper.None;
        var timestamp = tamper.Timestamp
            ?? (Time.GetUtcNow() + tamper.TimestampOffset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = tamper.Signature
            ?? Signature(tamper.Secret ?? SigningSecret, timestamp, tamper.SignedBody ?? body);
        if (tamper.Version is { } version)
        {
            signature = version + signature[signature.IndexOf('=', StringComparison.Ordinal)..];
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (!tamper.OmitTimestamp)
        {
            headers.Add(new(TimestampHeader, timestamp));
        }

        if (!tamper.OmitSignature)
        {
            headers.Add(new(SignatureHeader, signature));
        }

        return headers;
    }

    // ---------------------------------------------------------------- HttpRequestMessage (for a host under test)

    /// <summary>A signed POST of <paramref name="body"/> with the given content type to <paramref name="path"/> (relative or absolute).</summary>
    public HttpRequestMessage SignedRequest(string path, byte[] body, string contentType, SlackTamper? tamper = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.RelativeOrAbsolute)) { Content = content };
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        foreach (var (name, value) in Headers(body, tamper))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>A signed <c>application/x-www-form-urlencoded</c> POST of <paramref name="fields"/>, in their order.</summary>
    public HttpRequestMessage FormRequest(string path, IEnumerable<KeyValuePair<string, string>> fields, SlackTamper? tamper = null) =>
        SignedRequest(path, Encoding.UTF8.GetBytes(FormEncode(fields)), FormContentType, tamper);

    /// <summary>A signed <c>application/json</c> POST of <paramref name="json"/> (sent byte-for-byte as given).</summary>
    public HttpRequestMessage JsonRequest(string path, string json, SlackTamper? tamper = null) =>
        SignedRequest(path, Encoding.UTF8.GetBytes(json), JsonContentType, tamper);

    /// <summary>
    /// A slash command as Slack posts it to <see cref="CommandsPath"/>: <c>command=/signoff</c> with <paramref name="text"/>
    /// (everything after the command) and the other fields of <see cref="CommandFields"/>.
    /// </summary>
    public HttpRequestMessage CommandRequest(
        string text,
        string userId = DefaultUserId,
        string userName = DefaultUserName,
        string channelId = DefaultChannelId,
        string channelName = DefaultChannelName,
        string? responseUrl = null,
        string? triggerId = null,
        string command = "/signoff",
        string path = CommandsPath,
        SlackTamper? tamper = null) =>
        FormRequest(path, CommandFields(text, userId, userName, channelId, channelName, responseUrl, triggerId, command), tamper);

    /// <summary>An interaction (<c>payload=&lt;json&gt;</c>) as Slack posts it to <see cref="InteractionsPath"/>.</summary>
    public HttpRequestMessage InteractionRequest(JsonNode payload, string path = InteractionsPath, SlackTamper? tamper = null) =>
        InteractionRequest(payload.ToJsonString(), path, tamper);

    /// <inheritdoc cref="InteractionRequest(JsonNode, string, SlackTamper?)"/>
    public HttpRequestMessage InteractionRequest(string payloadJson, string path = InteractionsPath, SlackTamper? tamper = null) =>
        FormRequest(path, [new("payload", payloadJson)], tamper);

    /// <summary>An Events API delivery (<c>url_verification</c> or <c>event_callback</c>) as Slack posts it to <see cref="EventsPath"/>.</summary>
    public HttpRequestMessage EventRequest(JsonNode body, string path = EventsPath, SlackTamper? tamper = null, int? retryNum = null, string? retryReason = null) =>
        EventRequest(body.ToJsonString(), path, tamper, retryNum, retryReason);

    /// <inheritdoc cref="EventRequest(JsonNode, string, SlackTamper?, int?, string?)"/>
    public HttpRequestMessage EventRequest(string json, string path = EventsPath, SlackTamper? tamper = null, int? retryNum = null, string? retryReason = null)
    {
        var request = JsonRequest(path, json, tamper);
        if (retryNum is { } num)
        {
            request.Headers.TryAddWithoutValidation("X-Slack-Retry-Num", num.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("X-Slack-Retry-Reason", retryReason ?? "http_timeout");
        }

        return request;
    }

    // ---------------------------------------------------------------- HttpContext (for endpoint/verifier unit tests)

    /// <summary>
    /// A <see cref="DefaultHttpContext"/> carrying a signed POST of <paramref name="body"/> (in a <see cref="MemoryStream"/>),
    /// for tests that call the verifier or a handler directly.
    /// </summary>
    public DefaultHttpContext SignedContext(byte[] body, string contentType = FormContentType, string path = CommandsPath, SlackTamper? tamper = null)
    {
        var context = UnsignedContext(body, contentType, path);
        foreach (var (name, value) in Headers(body, tamper))
        {
            context.Request.Headers.Append(name, value);
        }

        return context;
    }

    /// <summary>A <see cref="DefaultHttpContext"/> with the body and no Slack headers.</summary>
    public static DefaultHttpContext UnsignedContext(byte[] body, string contentType = FormContentType, string path = CommandsPath)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("signoff.example");
        context.Request.Path = path;
        context.Request.ContentType = contentType;
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.Headers.UserAgent = UserAgent;
        return context;
    }

    // ---------------------------------------------------------------- bodies

    /// <summary>
    /// The fields of a slash command, in Slack's order: token, team_id, team_domain, channel_id, channel_name, user_id,
    /// user_name, command, text, response_url, trigger_id, api_app_id. A fresh trigger id unless one is given.
    /// </summary>
    public static List<KeyValuePair<string, string>> CommandFields(
        string text,
        string userId = DefaultUserId,
        string userName = DefaultUserName,
        string channelId = DefaultChannelId,
        string channelName = DefaultChannelName,
        string? responseUrl = null,
        string? triggerId = null,
        string command = "/signoff") =>
    [
        new("token", DeprecatedToken),
        new("team_id", DefaultTeamId),
        new("team_domain", DefaultTeamDomain),
        new("channel_id", channelId),
        new("channel_name", channelName),
        new("user_id", userId),
        new("user_name", userName),
        new("command", command),
        new("text", text),
        new("response_url", responseUrl ?? $"https://hooks.slack.com/commands/{DefaultTeamId}/397700885554/96rGlfmibIGlgcZRskXaIFfN"),
        new("trigger_id", triggerId ?? NewTriggerId()),
        new("api_app_id", DefaultApiAppId),
    ];

    /// <summary>A unique trigger id shaped like Slack's (<c>398738663015.47445629121.803a0bc8…</c>).</summary>
    public static string NewTriggerId() =>
        $"{398738663015 + Interlocked.Increment(ref _triggerCounter)}.47445629121.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

    /// <summary>
    /// Form-encodes like Slack: unreserved characters (<c>A-Z a-z 0-9 - . _ ~</c>) as they are, space as <c>+</c>,
    /// every other UTF-8 byte as upper-case <c>%XX</c>.
    /// </summary>
    public static string FormEncode(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => Escape(f.Key) + "=" + Escape(f.Value)));

    /// <summary>One name or value form-encoded as in <see cref="FormEncode"/>.</summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else if (b == (byte)' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

/// <summary>
/// Ways to spoil a Slack signature, for negative tests; <see cref="None"/> signs honestly. Combine with <c>with</c>.
/// </summary>
public sealed record SlackTamper
{
    public static readonly SlackTamper None = new();

    /// <summary>No <c>X-Slack-Signature</c> header.</summary>
    public static readonly SlackTamper NoSignature = new() { OmitSignature = true };

    /// <summary>No <c>X-Slack-Request-Timestamp</c> header.</summary>
    public static readonly SlackTamper NoTimestamp = new() { OmitTimestamp = true };

    /// <summary>Signed with another app's secret.</summary>
    public static readonly SlackTamper WrongSecret = new() { Secret = "another-apps-signing-secret-0000" };

    public bool OmitSignature { get; init; }

    public bool OmitTimestamp { get; init; }

    /// <summary>Sign with this secret instead of the right one.</summary>
    public string? Secret { get; init; }

    /// <summary>Sign over these bytes instead of the body that is sent.</summary>
    public byte[]? SignedBody { get; init; }

    /// <summary>Added to now for the timestamp (negative: in the past). The signature covers the shifted timestamp.</summary>
    public TimeSpan TimestampOffset { get; init; }

    /// <summary>The timestamp header's exact text (e.g. "abc"), signed over as given.</summary>
    public string? Timestamp { get; init; }

    /// <summary>The signature header's exact text, instead of the computed one.</summary>
    public string? Signature { get; init; }

    /// <summary>Replaces the <c>v0</c> before the <c>=</c> (e.g. <c>v1</c>); the hex is still correct.</summary>
    public string? Version { get; init; }

    /// <summary>Signed over <paramref name="otherBody"/> while another body is sent.</summary>
    public static SlackTamper OverBody(string otherBody) => new() { SignedBody = Encoding.UTF8.GetBytes(otherBody) };

    /// <summary>The timestamp is now + <paramref name="offset"/>, honestly signed.</summary>
    public static SlackTamper Offset(TimeSpan offset) => new() { TimestampOffset = offset };
}
