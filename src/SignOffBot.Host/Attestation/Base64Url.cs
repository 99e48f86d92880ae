namespace SignOffBot.Host.Attestation;

/// <summary>RFC 4648 section 5 base64url without padding, as JWK coordinates, thumbprints and JWS parts are written.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The bytes of a canonical base64url text (no padding, no other characters), or null.</summary>
    public static byte[]? Decode(string? text)
    {
        if (text is null || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return null;
        }

        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
        try
        {
            var bytes = Convert.FromBase64String(padded);
            // Unused low bits in the last character would let two texts decode to the same bytes: only one is taken.
            return Encode(bytes) == text ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
