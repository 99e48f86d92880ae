namespace SignOffBot.Host.Manifests;

/// <summary>The public HTTPS address of a SignOffBot host (<c>--host https://signoff.example.org</c>), as Teams and Slack reach it.</summary>
public sealed class PublicHost
{
    private PublicHost(Uri origin)
    {
        Origin = origin.GetLeftPart(UriPartial.Authority);
        Authority = origin.Authority;
    }

    /// <summary><c>https://host[:port]</c>, without a trailing slash.</summary>
    public string Origin { get; }

    /// <summary><c>host[:port]</c> (the port only when it is not 443): what Teams lists in <c>validDomains</c>.</summary>
    public string Authority { get; }

    public string Url(string path) => Origin + path;

    /// <summary>An absolute https URL of a host, with no path, query or user; otherwise null and what is wrong.</summary>
    public static PublicHost? Parse(string text, out string problem)
    {
        problem = string.Empty;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(uri.Host))
        {
            problem = $"--host '{text}' is not an https URL; Teams and Slack call the host over HTTPS, e.g. --host https://signoff.example.org";
            return null;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            problem = $"--host '{text}' must be the host alone (https://name[:port]), without a path, query or user: the endpoints' paths are fixed.";
            return null;
        }

        return new PublicHost(uri);
    }
}
