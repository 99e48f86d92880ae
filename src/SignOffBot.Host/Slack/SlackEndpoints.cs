namespace SignOffBot.Host.Slack;

public static class SlackEndpoints
{
    /// <summary>The three request URLs of the Slack app: slash commands, interactivity and the Events API.</summary>
    public static RouteGroupBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        var slack = app.MapGroup("/slack");
        slack.MapPost("/commands", (HttpContext http, SlackCommandsEndpoint endpoint, CancellationToken ct) => endpoint.HandleAsync(http.Request, ct));
        slack.MapPost("/interactions", (HttpContext http, SlackInteractionsEndpoint endpoint, CancellationToken ct) => endpoint.HandleAsync(http.Request, ct));
        slack.MapPost("/events", (HttpContext http, SlackEventsEndpoint endpoint, CancellationToken ct) => endpoint.HandleAsync(http.Request, ct));
        return slack;
    }
}
