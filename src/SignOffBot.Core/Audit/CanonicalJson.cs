using System.Globalization;
using System.Text;

namespace SignOffBot.Core.Audit;

/// <summary>
/// The canonical JSON of an audit event: every field but <c>hash</c>, keys sorted by ordinal, no whitespace,
/// strings escaped as RFC 8785 does (only quote, backslash and control characters), times as ISO 8601 UTC with Z.
/// Python's <c>json.dumps(e, sort_keys=True, separators=(',', ':'), ensure_ascii=False)</c> gives the same bytes.
/// </summary>
public static class CanonicalJson
{
    public static string Of(AuditEvent e)
    {
        var fields = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["action"] = e.Action,
            ["actor"] = e.Actor,
            ["answer"] = e.Answer,
            ["at"] = FormatTime(e.At),
            ["comment"] = e.Comment,
            ["deliveryId"] = e.DeliveryId,
            ["item"] = e.Item,
            ["platform"] = e.Platform,
            ["prevHash"] = e.PrevHash,
            ["seq"] = e.Seq,
            ["slot"] = e.Slot,
            ["source"] = e.Source,
        };

        var json = new StringBuilder("{");
        foreach (var (key, value) in fields)
        {
            if (json.Length > 1)
            {
                json.Append(',');
            }

            AppendString(json, key);
            json.Append(':');
            switch (value)
            {
                case null:
                    json.Append("null");
                    break;
                case long number:
                    json.Append(number.ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    AppendString(json, (string)value);
                    break;
            }
        }

        return json.Append('}').ToString();
    }

    public static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.Append(c);
                    }

                    break;
            }
        }

        json.Append('"');
    }
}
