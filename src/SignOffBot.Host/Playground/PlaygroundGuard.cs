using Microsoft.Net.Http.Headers;
using SignOffBot.Host.Api;

namespace SignOffBot.Host.Playground;

/// <summary>
/// The playground acts for whoever the page names, so only the page itself may call it: its API takes requests from
/// the same origin only (a page on another site cannot post to it, with or without CORS preflight), bodies only as
/// <c>application/json</c>, and the page's files go with headers that keep them out of frames and other sites.
/// </summary>
public static class PlaygroundGuard
{
    /// <summary>Scripts and styles from the host only, no frames, no form posts, no base changes.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static async ValueTask<object?> PageHeaders(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return await next(context);
    }

    public static async ValueTask<object?> SameOriginJson(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        context.HttpContext.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        if (CrossSite(request) is { } why)
        {
            return Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", $"The playground answers its own page only: {why}.");
        }

        if (HttpMethods.IsPost(request.Method) && !IsJson(request.ContentType))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "The playground takes JSON bodies only (Content-Type: application/json).");
        }

        return await next(context);
    }

    private static string? CrossSite(HttpRequest request)
    {
        // Browsers send Sec-Fetch-Site with every request; "none" is the user typing the address.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return $"the request came from a {site} page";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            return $"the request came from {origin}";
        }

        return null;
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
