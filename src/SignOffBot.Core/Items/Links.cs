namespace SignOffBot.Core.Items;

public static class Links
{
    /// <summary>An absolute http(s) URL, with no NUL character (which no store keeps).</summary>
    public static bool IsHttpUrl(string text) =>
        !text.Contains('\0', StringComparison.Ordinal) && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
