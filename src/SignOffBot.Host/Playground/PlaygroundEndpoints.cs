using System.Text;
using SignOffBot.Core.Governance;
using SignOffBot.Host.Api;
using SignOffBot.Host.Telemetry;

namespace SignOffBot.Host.Playground;

/// <summary>
/// The playground at <c>/</c>: the page, and the endpoints it calls. They exist only when the playground is on, and
/// they are the only place where a person is taken at the page's word (the "You are" picker).
/// </summary>
public static partial class PlaygroundEndpoints
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void MapPlayground(this WebApplication app)
    {
        var playground = app.Services.GetRequiredService<PlaygroundSwitch>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PlaygroundEndpoints));
        if (!playground.IsOn)
        {
            return;
        }

        if (playground.IsOnOutsideDevelopment)
        {
            LogOpenPlayground(log);
        }

        app.MapGet("/", () => PlaygroundStaticFiles.Serve("index.html")).AddEndpointFilter(PlaygroundGuard.PageHeaders);
        app.MapGet("/playground/{**path}", (string path) => PlaygroundStaticFiles.Serve(path)).AddEndpointFilter(PlaygroundGuard.PageHeaders);
        var api = app.MapGroup("/playground/api").AddEndpointFilter(PlaygroundGuard.SameOriginJson);
        api.MapGet("/directory", Directory);
        api.MapGet("/page", (string? @as, PlaygroundView view, PlaygroundPeople people) =>
            people.Find(@as) is { } person ? Results.Json(view.For(person.Id), JsonBody.Options) : PlaygroundPeople.Unknown(@as));
        api.MapPost("/commands", (HttpContext http, PlaygroundCommandsEndpoint endpoint, CancellationToken ct) => endpoint.HandleAsync(http.Request, ct)).MeasureAck();
        api.MapPost("/actions", (HttpContext http, PlaygroundActionsEndpoint endpoint, CancellationToken ct) => endpoint.HandleAsync(http.Request, ct)).MeasureAck();
        api.MapGet("/events", EventsAsync);
    }

    private static IResult Directory(IGovernanceSource governance)
    {
        var directory = governance.Current;
        return Results.Json(
            new
            {
                people = directory.People.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new { id = p.Id, name = p.Name }),
                channels = PlaygroundView.ChannelsOf(directory).Select(c => new { id = c.Id, name = c.Name }),
            },
            JsonBody.Options);
    }

    /// <summary>Server-sent events: the timeline's version each time it moves, so the page fetches what changed.</summary>
    private static async Task EventsAsync(HttpContext context, PlaygroundTimeline timeline, IHostApplicationLifetime lifetime)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var seen = -1L;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var version = timeline.Version;
                var line = version == seen ? ": still here\n\n" : $"data: {version}\n\n";
                seen = version;
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), stop.Token);
                await context.Response.Body.FlushAsync(stop.Token);
                await timeline.WaitForChangeAsync(seen, Heartbeat, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away or the host is stopping.
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "The playground is on at / outside Development (Playground:Enabled is true): anyone who can reach this host can act there as any person of the directory. Turn it off on a shared deployment.")]
    private static partial void LogOpenPlayground(ILogger logger);
}
