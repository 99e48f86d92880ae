using SignOffBot.Host.Chat;
using System.Globalization;
using System.Text.Json;
using SignOffBot.Core.Audit;
using SignOffBot.Host.Attestation;

namespace SignOffBot.Host.Verification;

/// <summary>
/// Checks an audit export (<c>GET /api/v1/audit/export?format=jsonl</c>) offline with the chain rule of SPEC section 6,
/// and, given a signed head an auditor kept, that the export extends it: the head's sequence number is in the export
/// with the head's hash. A cut-off export ends before it; one rewritten from some event on, its hashes recomputed,
/// has another hash there.
/// </summary>
public static class AuditExportVerifier
{
    private static readonly string[] Fields =
        ["seq", "at", "actor", "platform", "action", "item", "slot", "answer", "comment", "source", "deliveryId", "prevHash", "hash"];

    private static readonly string[] Optional = ["item", "slot", "answer", "comment", "deliveryId"];

    public static Verdict Verify(IEnumerable<string> lines, AuditHeadClaims? head)
    {
        AuditEvent? last = null;
        AuditEvent? atHead = null;
        string? malformed = null;
        IEnumerable<AuditEvent> Events()
        {
            var number = 0;
            foreach (var line in lines)
            {
                number++;
                if (line.Length == 0)
                {
                    continue;
                }

                if (Parse(line) is not { } e)
                {
                    malformed = $"line {number} is not an audit event of the jsonl export (13 fields: {string.Join(", ", Fields)}).";
                    yield break;
                }

                if (e.Seq == head?.Sequence)
                {
                    atHead = e;
                }

                last = e;
                yield return e;
            }
        }

        var chain = AuditChain.Verify(Events());
        if (malformed is not null)
        {
            return new Verdict(VerifyExit.Invalid, $"The export is not valid: {malformed}");
        }

        if (!chain.Ok)
        {
            return new Verdict(VerifyExit.Invalid, $"The chain is broken at event {chain.BrokenAt}: that event, or one before it, was changed, removed or moved.");
        }

        var holds = $"The chain holds: {chain.Events} event{(chain.Events == 1 ? "" : "s")}{(last is null ? "" : $", the last {last.Seq} with hash {last.Hash}")}";
        if (head is null || head.Sequence == 0)
        {
            return new Verdict(VerifyExit.Ok, head is null ? holds + "." : holds + "; the kept head is of the empty trail.");
        }

        if (atHead is null)
        {
            return new Verdict(VerifyExit.Mismatch,
                $"{holds}, but the kept head (signed {head.SignedAt}) is at event {head.Sequence}: the export was cut off before it.");
        }

        if (atHead.Hash != head.Hash)
        {
            return new Verdict(VerifyExit.Mismatch,
                $"{holds}, but event {head.Sequence} has hash {atHead.Hash}, not the kept head's {head.Hash} (signed {head.SignedAt}): the trail was rewritten up to there and its hashes recomputed.");
        }

        return new Verdict(VerifyExit.Ok, $"{holds}; it extends the kept head (event {head.Sequence}, signed {head.SignedAt}).");
    }

    /// <summary>
    /// The claims of a kept head file (the JSON <c>GET /api/v1/audit/head</c> answers, or the bare JWS), whose signature
    /// verifies with a key of the set; otherwise a verdict saying why not.
    /// </summary>
    public static AuditHeadClaims? ReadHead(string text, IReadOnlyList<EcPublicJwk> keys, out Verdict? refused)
    {
        refused = null;
        var trimmed = text.Trim();
        JsonElement? document = null;
        var jws = trimmed;
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var parsed = JsonDocument.Parse(trimmed);
                document = parsed.RootElement.Clone();
            }
            catch (JsonException)
            {
            }

            if (document is not { ValueKind: JsonValueKind.Object } file)
            {
                refused = new Verdict(VerifyExit.Invalid, "The head file is neither the JSON of GET /api/v1/audit/head nor a compact JWS.");
                return null;
            }

            jws = file.GetStringOrDefault("head") ?? string.Empty;
        }

        var payload = CompactJws.Verify(jws, SignedAuditHead.JwsType, keys, out var problem);
        AuditHeadClaims? claims = null;
        try
        {
            claims = payload is null ? null : JsonSerializer.Deserialize<AuditHeadClaims>(payload);
        }
        catch (JsonException)
        {
            problem = "has a payload that is not an audit head";
        }

        if (claims is null || claims.Hash is null || claims.SignedAt is null || claims.Sequence < 0)
        {
            refused = new Verdict(VerifyExit.Invalid, $"The head {problem ?? "has a payload that is not an audit head"}.");
            return null;
        }

        // The plain members are for people; if they were edited, the file is not what was signed.
        if (document is { } plain && !(Number(plain, "sequence") == claims.Sequence && plain.GetStringOrDefault("hash") == claims.Hash))
        {
            refused = new Verdict(VerifyExit.Invalid, "The head file's sequence or hash differs from what its signature covers: the file was edited.");
            return null;
        }

        return claims;
    }

    private static AuditEvent? Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var e = document.RootElement;
            if (e.ValueKind != JsonValueKind.Object || e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList() is var names
                && !names.SequenceEqual(Fields.Order(StringComparer.Ordinal)))
            {
                return null;
            }

            string? Field(string name) => e.GetProperty(name) switch
            {
                { ValueKind: JsonValueKind.String } value => value.GetString(),
                { ValueKind: JsonValueKind.Null } when Optional.Contains(name) => null,
                _ => throw new FormatException(name),
            };

            // The time must be written as the chain hashes it: another spelling of the same instant is not the event.
            var at = Field("at") ?? throw new FormatException("at");
            var time = DateTimeOffset.ParseExact(at, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            return e.GetProperty("seq").TryGetInt64(out var seq)
                ? new AuditEvent(seq, time, Required(Field("actor")), Required(Field("platform")), Required(Field("action")), Field("item"), Field("slot"),
                    Field("answer"), Field("comment"), Required(Field("source")), Field("deliveryId"), Required(Field("prevHash")), Required(Field("hash")))
                : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Required(string? value) => value ?? throw new FormatException("a required field is null");

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}
