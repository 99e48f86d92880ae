using System.Text;
using System.Text.Json;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Attestation;

namespace SignOffBot.Host.Api;

/// <summary><c>/api/v1/audit</c>: an item's events, the whole trail streamed as JSON lines or CSV, chain verification, and the signed head.</summary>
public static class AuditApi
{
    private static readonly string[] CsvColumns =
        ["seq", "at", "actor", "platform", "action", "item", "slot", "answer", "comment", "source", "deliveryId", "prevHash", "hash"];

    /// <summary>The first line of a CSV export: what it changed, and which export to verify.</summary>
    public const string CsvNotice =
        "# SignOffBot audit export for spreadsheets: cells starting with = + - @ tab or carriage return have a leading ' so they are not run as formulas. Verify the chain with the format=jsonl export, which keeps every field as it was hashed.";

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit");
        group.MapGet("/", ItemEvents).RequireApiKey(ApiScopes.AuditRead);
        group.MapGet("/export", Export).RequireApiKey(ApiScopes.AuditRead, everyProject: "the export of the whole audit trail");
        group.MapGet("/verify", Verify).RequireApiKey(ApiScopes.AuditRead);
        group.MapGet("/head", Head).RequireApiKey(ApiScopes.AuditRead, everyProject: "the signed head of the whole audit trail");
        return group;
    }

    private static IResult ItemEvents(string? item, HttpContext http, ISignOffStore store, IAuditLog audit)
    {
        if (string.IsNullOrWhiteSpace(item) || !ItemKey.TryParse(item, out var key))
        {
            return ItemKey.LengthRefusal(item) is { } tooLong
                ? Problems.Refused(tooLong)
                : Problems.BadRequest($"?item= is required and must be an item key ({ItemKey.Form}).");
        }

        if (ApiLimits.Project(http, key.Project) is { } limited)
        {
            return limited;
        }

        if (store.FindItem(key) is null)
        {
            return Problems.Refused(Rules.UnknownItem(key.ToString()));
        }

        return TypedResults.Ok(audit.Of(key).Select(ApiViews.Of));
    }

    private static async Task<IResult> Export(string? format, HttpContext http, IAuditLog audit, CancellationToken cancellationToken)
    {
        format = string.IsNullOrWhiteSpace(format) ? "jsonl" : format.Trim().ToLowerInvariant();
        if (format is not ("jsonl" or "csv"))
        {
            return Problems.BadRequest($"format is jsonl or csv, not '{format}'.");
        }

        var response = http.Response;
        response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"signoffbot-audit.{format}\"";
        // RFC 4180 ends CSV records with CRLF; JSON lines end with LF.
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024) { NewLine = format == "csv" ? "\r\n" : "\n" };
        if (format == "csv")
        {
            await writer.WriteLineAsync(CsvNotice);
            await writer.WriteLineAsync(string.Join(',', CsvColumns));
        }

        var written = 0;
        foreach (var e in audit.Trail())
        {
            await writer.WriteLineAsync(format == "csv" ? CsvLine(e) : JsonSerializer.Serialize(ApiViews.Of(e), JsonBody.Options));
            if (++written % 500 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
        return Results.Empty;
    }

    private static IResult Verify(IAuditLog audit)
    {
        var result = AuditChain.Verify(audit.Trail());
        return result.Ok
            ? TypedResults.Ok(new { ok = true, events = result.Events })
            : TypedResults.Ok(new { ok = false, brokenAt = result.BrokenAt });
    }

    /// <summary>The latest event's sequence number and hash, signed (<see cref="SignedAuditHead"/>), for auditors to keep.</summary>
    private static IResult Head(HttpContext http, IAuditLog audit, SigningKeys keys, TimeProvider time)
    {
        if (!keys.IsOn)
        {
            return Problems.NoSigningKey("The audit head");
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(SignedAuditHead.Sign(audit.Head(), time.GetUtcNow(), keys));
    }

    private static string CsvLine(AuditEvent e)
    {
        string?[] cells = [e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), ApiViews.Time(e.At), e.Actor, e.Platform, e.Action,
            e.Item, e.Slot, e.Answer, e.Comment, e.Source, e.DeliveryId, e.PrevHash, e.Hash];
        return string.Join(',', cells.Select(Csv));
    }

    // RFC 4180: quote a cell holding a comma, quote or line break, doubling its quotes. A cell a spreadsheet would
    // run as a formula (OWASP's CSV injection list) gets a leading apostrophe first.
    private static string Csv(string? cell)
    {
        if (cell is null)
        {
            return string.Empty;
        }

        if (cell.Length > 0 && FormulaStarts.Contains(cell[0]))
        {
            cell = "'" + cell;
        }

        return cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
    }
}
