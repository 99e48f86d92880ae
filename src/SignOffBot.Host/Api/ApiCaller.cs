using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Api;

/// <summary>The authenticated API key of a request, and the audit context of actions taken with it.</summary>
public static class ApiCaller
{
    private const string ItemKey = "signoffbot.api-key";
    private const string PresentedKey = "signoffbot.api-key-presented";
    private const string Bearer = "Bearer ";

    /// <summary>
    /// The configured key the request's bearer token matches, or null (no header, or no such key); looked up once per
    /// request (the rate limiter asks before the endpoint's filter does).
    /// </summary>
    public static ApiKey? Authenticate(HttpContext context)
    {
        if (context.Items.TryGetValue(PresentedKey, out var known))
        {
            return known as ApiKey;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var key = HasBearer(header)
            ? context.RequestServices.GetRequiredService<ApiKeyRegistry>().Find(header[Bearer.Length..].Trim())
            : null;
        context.Items[PresentedKey] = key;
        return key;
    }

    /// <summary>Whether an Authorization header carries a bearer token at all.</summary>
    public static bool HasBearer(string header) =>
        header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && header.Length > Bearer.Length;

    public static void Set(HttpContext context, ApiKey key) => context.Items[ItemKey] = key;

    public static ApiKey Key(HttpContext context) =>
        context.Items[ItemKey] as ApiKey ?? throw new InvalidOperationException("The endpoint has no API key filter.");

    /// <summary>An action by a named person, vouched for by the pipeline key.</summary>
    public static ActionContext AsPerson(HttpContext context, string personId) =>
        new(personId.Trim().ToLowerInvariant(), $"http:{Key(context).Name}", "http");

    /// <summary>An action by the pipeline itself, such as a deploy-check.</summary>
    public static ActionContext AsKey(HttpContext context) =>
        new($"api-key:{Key(context).Name}", $"http:{Key(context).Name}", "http");
}
