using System.Buffers.Text;
using System.Text;
using SignOffBot.Core.Items;

namespace SignOffBot.Core.Ports;

/// <summary>
/// The opaque cursor of an item page: the last key it returned, base64url. The next page starts after that key, so
/// items added or removed meanwhile never make a page miss or repeat one that was there all along.
/// </summary>
public static class ItemCursor
{
    // Longer than any key's (three segments of at most 100 characters) encodes to.
    private const int MaxLength = 512;

    public static string Of(ItemKey key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key.ToString()));

    /// <summary>The key text a cursor holds; false when it is no cursor a page gave.</summary>
    public static bool TryRead(string? cursor, out string key)
    {
        key = "";
        if (string.IsNullOrEmpty(cursor) || cursor.Length > MaxLength || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        var bytes = new byte[Base64Url.GetMaxDecodedLength(cursor.Length)];
        if (!Base64Url.TryDecodeFromChars(cursor, bytes, out var written))
        {
            return false;
        }

        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
            if (!ItemKey.TryParse(text, out var parsed) || parsed.ToString() != text)
            {
                return false;
            }

            key = text;
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
