namespace SignOffBot.Host.Http;

/// <summary>
/// The <c>detail</c> of the answers ASP.NET Core gives by itself, with no endpoint of ours behind them (no endpoint at
/// the path, a method the endpoint does not take): every problem tells a person what to change.
/// </summary>
public static class FrameworkAnswerDetails
{
    public static void Fill(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        var path = Core.Conversations.ChatText.Cut(request.Path.Value ?? "/", 200);
        var allowed = context.HttpContext.Response.Headers.Allow.ToString();
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status404NotFound =>
                $"Nothing answers at {path}. The API is under /api/v1 (an item is /api/v1/items/<project>/<name>@<version>); the README lists every endpoint.",
            StatusCodes.Status405MethodNotAllowed => allowed.Length > 0
                ? $"{request.Method} is not taken at {path}; it takes {allowed}."
                : $"{request.Method} is not taken at {path}; the README lists each endpoint with its method.",
            _ => null,
        };
    }
}
