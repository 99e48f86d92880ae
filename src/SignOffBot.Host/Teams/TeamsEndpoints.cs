namespace SignOffBot.Host.Teams;

public static class TeamsEndpoints
{
    /// <summary><c>POST /api/messages</c>, where the Bot Framework delivers every Teams activity.</summary>
    public static IEndpointConventionBuilder MapTeams(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/messages", (HttpContext http, TeamsMessagesEndpoint turn, CancellationToken cancellationToken) =>
            turn.HandleAsync(http.Request, cancellationToken));
}
