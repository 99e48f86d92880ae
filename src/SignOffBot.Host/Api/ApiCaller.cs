using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Api;

/// <summary>The authenticated API key of a request, and the audit context of actions taken with it.</summary>
public static class ApiCaller
{
    private const string ItemKey = "signoffbot.api-key";

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
