namespace SignOffBot.Host.Api;

/// <summary>
/// Bearer API keys on <c>/api/v1</c>: 401 without a valid key, 403 without the scope, and 403 for a key limited to
/// some projects on an endpoint that spans them all (named by <c>everyProject</c>). Endpoints about one project or
/// person check the key's limits themselves (<see cref="ApiLimits"/>).
/// </summary>
public static class ApiKeyFilter
{
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, string? scope = null, string? everyProject = null)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!ApiCaller.HasBearer(http.Request.Headers.Authorization.ToString()))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized", "Send an API key as 'Authorization: Bearer <key>'. Keys are made with 'signoffbot keys new <name> <scope>…'.");
            }

            if (ApiCaller.Authenticate(http) is not { } key)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                return Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized", "The API key is not valid. Check it, or make a new one with 'keys new' and add its entry to Api:Keys.");
            }

            if (scope is not null && !key.Scopes.Contains(scope))
            {
                return Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", $"The key '{key.Name}' lacks the scope '{scope}'. Add it to the key's Scopes in Api:Keys, or use a key that has it.");
            }

            if (everyProject is not null && ApiLimits.EveryProject(key, everyProject) is { } limited)
            {
                return limited;
            }

            ApiCaller.Set(http, key);
            return await next(context);
        });
}
