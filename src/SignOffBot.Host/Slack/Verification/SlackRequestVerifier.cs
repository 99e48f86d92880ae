using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using SignOffBot.Host.Api;
using SignOffBot.Host.Http;

namespace SignOffBot.Host.Slack.Verification;

/// <summary>
/// Checks that a request came from Slack (Slack's "signing secret" scheme): the raw body bytes are read once, the
/// <c>X-Slack-Request-Timestamp</c> must be within <see cref="ReplayWindow"/> of now (past or future), and
/// <c>X-Slack-Signature</c> must equal <c>v0=</c> + hex(HMAC-SHA256(signing secret, <c>v0:{timestamp}:{raw body}</c>)),
/// compared in constant time. With no signing secret configured (Slack off) every request is refused.
/// Callers parse the body from <see cref="SlackVerification.Body"/> (<see cref="SlackForm.Parse(byte[])"/> or JSON),
/// never through ASP.NET form binding before verification.
/// </summary>
public sealed class SlackRequestVerifier
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";

    /// <summary>The only signature version Slack uses.</summary>
    public const string Version = "v0";

    /// <summary>How far the request timestamp may be from now, either way.</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(5);

    /// <summary>The body is kept under <see cref="HttpContext.Items"/> with this key once read, so a second call reuses it.</summary>
    private static readonly object BodyItemKey = new();

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>"v0=" + 64 lower-case hex digits.</summary>
    private const int SignatureLength = 3 + (2 * 32);

    private readonly IOptionsMonitor<SlackOptions> _options;
    private readonly TimeProvider _time;

    public SlackRequestVerifier(IOptionsMonitor<SlackOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    /// <summary>The largest body read; larger ones are refused (413). The host's request size limit is the same.</summary>
    public static long MaxBodyBytes => RequestSizeLimit.MaxBodyBytes;

    /// <summary>
    /// Reads the body (once; it is buffered for later calls) and verifies the request. Never throws for a bad request:
    /// a failure carries the kind and a reason for the logs (no secret, no signature in it).
    /// </summary>
    public async Task<SlackVerification> VerifyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Read the body first, whatever the headers say: the caller answers only once the request is consumed.
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return SlackVerification.Fail(SlackVerificationFailure.BodyTooLarge, $"The request body is over {MaxBodyBytes} bytes.");
        }

        var secret = _options.CurrentValue.SigningSecret;
        if (string.IsNullOrWhiteSpace(secret))
        {
            return SlackVerification.Fail(SlackVerificationFailure.SlackOff, "Slack is off (no Slack:SigningSecret): every Slack request is refused.");
        }

        if (!TrySingleHeader(request.Headers, TimestampHeader, out var timestamp, out var timestampProblem))
        {
            return SlackVerification.Fail(SlackVerificationFailure.MissingHeader, timestampProblem);
        }

        if (!TrySingleHeader(request.Headers, SignatureHeader, out var signature, out var signatureProblem))
        {
            return SlackVerification.Fail(SlackVerificationFailure.MissingHeader, signatureProblem);
        }

        // Integer seconds only: digits, no sign, no spaces, no fraction (Slack sends e.g. 1531420618).
        if (timestamp.Length > 12
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > MaxUnixSeconds)
        {
            return SlackVerification.Fail(SlackVerificationFailure.BadTimestamp, $"{TimestampHeader} is not a Unix time in whole seconds.");
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var now = _time.GetUtcNow();
        var skew = now - sent;
        if (skew.Duration() > ReplayWindow)
        {
            var direction = skew > TimeSpan.Zero ? "old" : "in the future";
            return SlackVerification.Fail(
                SlackVerificationFailure.StaleTimestamp,
                $"{TimestampHeader} is {skew.Duration().TotalSeconds:0} s {direction}; more than {ReplayWindow.TotalSeconds:0} s is refused (replay).");
        }

        if (!signature.StartsWith(Version + "=", StringComparison.Ordinal))
        {
            return SlackVerification.Fail(SlackVerificationFailure.BadSignature, $"{SignatureHeader} has an unknown signature version (only {Version}).");
        }

        var expected = Sign(secret, timestamp, body);
        var received = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        if (received.Length != SignatureLength || !CryptographicOperations.FixedTimeEquals(received, expected))
        {
            return SlackVerification.Fail(SlackVerificationFailure.BadSignature, $"{SignatureHeader} does not match the body, timestamp and signing secret.");
        }

        return SlackVerification.Success(body, sent);
    }

    /// <summary><c>v0=</c> + lower-case hex HMAC-SHA256 of <c>v0:{timestamp}:{body}</c>, as ASCII bytes.</summary>
    internal static byte[] Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes($"{Version}:{timestamp}:");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);
        return Encoding.ASCII.GetBytes(Version + "=" + Convert.ToHexStringLower(mac));
    }

    private static bool TrySingleHeader(IHeaderDictionary headers, string name, out string value, out string problem)
    {
        StringValues values = headers.TryGetValue(name, out var found) ? found : StringValues.Empty;
        value = "";
        switch (values.Count)
        {
            case 0:
                problem = $"{name} is missing.";
                return false;
            case > 1:
                problem = $"{name} appears more than once.";
                return false;
        }

        value = values[0] ?? "";
        if (value.Length == 0)
        {
            problem = $"{name} is empty.";
            return false;
        }

        problem = "";
        return true;
    }

    /// <summary>The whole body, or null when it is over <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Items.TryGetValue(BodyItemKey, out var cached) && cached is byte[] bytes)
        {
            return bytes;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var stream = request.Body;
        if (stream.CanSeek)
        {
            stream.Position = 0;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var collected = new MemoryStream(request.ContentLength is { } length and > 0 ? (int)length : 0);
            while (true)
            {
                int read;
                try
                {
                    read = await stream.ReadAsync(buffer.AsMemory(), cancellationToken);
                }
                catch (BodyTooLargeException)
                {
                    return null;
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    return null;
                }

                if (read == 0)
                {
                    break;
                }

                if (collected.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                collected.Write(buffer, 0, read);
            }

            var body = collected.ToArray();
            request.HttpContext.Items[BodyItemKey] = body;
            return body;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>Why a Slack request was refused.</summary>
public enum SlackVerificationFailure
{
    None,

    /// <summary>No signing secret is configured: Slack is off and refuses everything (401).</summary>
    SlackOff,

    /// <summary><c>X-Slack-Request-Timestamp</c> or <c>X-Slack-Signature</c> missing, empty or repeated (401).</summary>
    MissingHeader,

    /// <summary>The timestamp is not whole Unix seconds (401).</summary>
    BadTimestamp,

    /// <summary>The timestamp is more than five minutes from now, either way: a replay (401).</summary>
    StaleTimestamp,

    /// <summary>Unknown signature version, or the signature does not match (401).</summary>
    BadSignature,

    /// <summary>The body is over 1 MiB (413).</summary>
    BodyTooLarge,
}

/// <summary>
/// The outcome of <see cref="SlackRequestVerifier.VerifyAsync"/>. On success <see cref="Body"/> holds the raw body bytes
/// exactly as received. <see cref="Reason"/> is for the logs only; never send it back.
/// </summary>
public sealed record SlackVerification
{
    private SlackVerification(byte[]? body, DateTimeOffset? timestamp, SlackVerificationFailure failure, string? reason)
    {
        Body = body;
        Timestamp = timestamp;
        Failure = failure;
        Reason = reason;
    }

    public bool Succeeded => Failure == SlackVerificationFailure.None;

    /// <summary>The raw, verified body; null on failure.</summary>
    public byte[]? Body { get; }

    /// <summary>When Slack says it sent the request (<c>X-Slack-Request-Timestamp</c>); null on failure.</summary>
    public DateTimeOffset? Timestamp { get; }

    public SlackVerificationFailure Failure { get; }

    /// <summary>Why the request was refused, for the logs; null on success. Holds no secret and no signature.</summary>
    public string? Reason { get; }

    /// <summary>The status to answer a refused request with (200 when it succeeded): 413 for too large, else 401.</summary>
    public int StatusCode => Failure switch
    {
        SlackVerificationFailure.None => StatusCodes.Status200OK,
        SlackVerificationFailure.BodyTooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status401Unauthorized,
    };

    /// <summary>
    /// The answer to a refused request: <see cref="StatusCode"/> as problem details saying what a sender must change,
    /// without <see cref="Reason"/> (which part of a signature failed stays in the logs).
    /// </summary>
    public IResult Refusal() => Failure switch
    {
        SlackVerificationFailure.None => throw new InvalidOperationException("The request was verified."),
        SlackVerificationFailure.BodyTooLarge => RequestSizeLimit.TooLarge(),
        SlackVerificationFailure.StaleTimestamp => Problems.Status(StatusCode, "Unauthorized",
            "X-Slack-Request-Timestamp is more than five minutes away from now: a replayed or delayed request is refused. Nothing was done."),
        _ => Problems.Status(StatusCode, "Unauthorized",
            "The request is not signed for this Slack app: it needs X-Slack-Request-Timestamp and a v0 X-Slack-Signature made with the app's signing secret. Nothing was done."),
    };

    /// <summary>The verified body as UTF-8 text (events are JSON); throws on failure.</summary>
    public string BodyText => Body is { } body
        ? Encoding.UTF8.GetString(body)
        : throw new InvalidOperationException("The request was not verified.");

    public static SlackVerification Success(byte[] body, DateTimeOffset timestamp) =>
        new(body ?? throw new ArgumentNullException(nameof(body)), timestamp, SlackVerificationFailure.None, null);

    public static SlackVerification Fail(SlackVerificationFailure failure, string reason) =>
        failure == SlackVerificationFailure.None
            ? throw new ArgumentException("A failure needs a failure kind.", nameof(failure))
            : new(null, null, failure, reason);
}

/// <summary>
/// <c>application/x-www-form-urlencoded</c> parsed by hand from the verified bytes (slash commands, interactions):
/// fields split on <c>&amp;</c>, name and value on the first <c>=</c>, <c>+</c> is a space, <c>%XX</c> a byte, and the
/// bytes are strict UTF-8. The first of repeated names wins; names are case-sensitive.
/// </summary>
public static class SlackForm
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses the body; throws <see cref="FormatException"/> on a bad escape (<c>%zz</c>, <c>%4</c>) or invalid UTF-8.</summary>
    public static IReadOnlyDictionary<string, string> Parse(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Parse(body.AsSpan());
    }

    /// <inheritdoc cref="Parse(byte[])"/>
    public static IReadOnlyDictionary<string, string> Parse(ReadOnlySpan<byte> body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = body;
        var position = 0;
        while (true)
        {
            var end = rest.IndexOf((byte)'&');
            var field = end < 0 ? rest : rest[..end];
            if (!field.IsEmpty)
            {
                var equals = field.IndexOf((byte)'=');
                var name = Decode(equals < 0 ? field : field[..equals], position);
                var value = equals < 0 ? "" : Decode(field[(equals + 1)..], position + equals + 1);
                fields.TryAdd(name, value);
            }

            if (end < 0)
            {
                break;
            }

            rest = rest[(end + 1)..];
            position += end + 1;
        }

        return fields;
    }

    /// <summary>Like <see cref="Parse(byte[])"/>, but null instead of an exception for a malformed body.</summary>
    public static IReadOnlyDictionary<string, string>? TryParse(byte[] body)
    {
        try
        {
            return Parse(body);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Decode(ReadOnlySpan<byte> encoded, int offset)
    {
        if (encoded.IndexOfAny((byte)'%', (byte)'+') < 0)
        {
            return Utf8(encoded, offset);
        }

        var decoded = encoded.Length <= 1024 ? stackalloc byte[encoded.Length] : new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            switch (b)
            {
                case (byte)'+':
                    decoded[length++] = (byte)' ';
                    break;
                case (byte)'%':
                    if (i + 2 >= encoded.Length)
                    {
                        throw new FormatException($"Malformed form body: '%' at byte {offset + i} is not followed by two hex digits.");
                    }

                    var high = HexValue(encoded[i + 1]);
                    var low = HexValue(encoded[i + 2]);
                    if (high < 0 || low < 0)
                    {
                        throw new FormatException($"Malformed form body: '%' at byte {offset + i} is not followed by two hex digits.");
                    }

                    decoded[length++] = (byte)((high << 4) | low);
                    i += 2;
                    break;
                default:
                    decoded[length++] = b;
                    break;
            }
        }

        return Utf8(decoded[..length], offset);
    }

    private static string Utf8(ReadOnlySpan<byte> bytes, int offset)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException($"Malformed form body: the field at byte {offset} is not valid UTF-8.");
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
