using System.Text;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Api;
using SignOffBot.Host.AdaptiveCards;

namespace SignOffBot.Host.Playground;

/// <summary>
/// The playground at <c>/</c>: the page, and the endpoints it calls. They exist only when the playground is on, and
/// they are the only place where a person is taken at the page's word (the "You are" picker).
/// </summary>
public static partial class PlaygroundEndpoints
{
    private const int MaxCommandChars = 4000;
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
        api.MapGet("/page", (string? @as, PlaygroundView view, IGovernanceSource governance) =>
            FindPerson(governance.Current, @as) is { } person ? Results.Json(view.For(person.Id), JsonBody.Options) : UnknownPerson(@as));
        api.MapPost("/commands", CommandAsync);
        api.MapPost("/actions", ActionAsync);
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

    private static async Task<IResult> CommandAsync(HttpRequest request, IGovernanceSource governance, ChatCommandHandler commands, PlaygroundTimeline timeline)
    {
        var (body, problem) = await JsonBody.ReadAsync<PlaygroundCommandRequest>(request, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var directory = governance.Current;
        if (FindPerson(directory, body!.As) is not { } person)
        {
            return UnknownPerson(body.As);
        }

        var text = body.Text?.Trim() ?? string.Empty;
        if (text.Length == 0 || text.Length > MaxCommandChars)
        {
            return Problems.BadRequest($"Type a command of 1 to {MaxCommandChars} characters (try help).");
        }

        var conversation = body.Conversation is null or "dm" ? PlaygroundTimeline.Direct(person.Id) : body.Conversation;
        if (!PlaygroundView.ConversationsOf(directory, person.Id).Any(c => c.Id == conversation))
        {
            return Problems.BadRequest($"There is no conversation {body.Conversation}: use dm or one of the release channels of /playground/api/directory.");
        }

        timeline.Add(new PlaygroundMessageDocument { Conversation = conversation, From = person.Id, Text = text });
        var shared = conversation != PlaygroundTimeline.Direct(person.Id);
        var reply = commands.Handle(text, Context(person, body.Id));
        timeline.Add(reply switch
        {
            ChatReply.Card card => new PlaygroundMessageDocument { Conversation = conversation, Text = card.Summary, Item = card.ItemKey, Viewer = shared ? null : person.Id },
            ChatReply.Private p => new PlaygroundMessageDocument { Conversation = conversation, Text = p.Body, OnlyFor = shared ? person.Id : null },
            ChatReply.Text t => new PlaygroundMessageDocument { Conversation = conversation, Text = t.Body },
            _ => throw new InvalidOperationException("Unknown reply."),
        });
        return Answer(reply);
    }

    private static async Task<IResult> ActionAsync(HttpRequest request, IGovernanceSource governance, ChatCommandHandler commands, PlaygroundTimeline timeline)
    {
        var (body, problem) = await JsonBody.ReadAsync<PlaygroundActionRequest>(request, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (FindPerson(governance.Current, body!.As) is not { } person)
        {
            return UnknownPerson(body.As);
        }

        if (AdaptiveCardPress.Read(body.Verb, body.Data) is not { } press)
        {
            return Problems.BadRequest($"Unknown card action '{body.Verb}'.");
        }

        // The same path as a Teams adaptiveCard/action invoke; a refusal is told privately, as Teams shows it on the card.
        var reply = commands.Press(press, Context(person, body.Id));
        if (reply is ChatReply.Private or ChatReply.Text)
        {
            timeline.Add(new PlaygroundMessageDocument { Conversation = PlaygroundTimeline.Direct(person.Id), Text = TextOf(reply) });
        }

        return Answer(reply);
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

    private static Person? FindPerson(GovernanceModel directory, string? id) => id is null ? null : directory.FindPerson(id.Trim().ToLowerInvariant());

    private static IResult UnknownPerson(string? id) =>
        Problems.BadRequest(id is null ? "Say who you are: as is a person id of the directory." : $"{id} is not a person of the directory.");

    private static ActionContext Context(Person person, string? id) =>
        new(person.Id, ChatPlatform.Playground, ChatPlatform.Playground, string.IsNullOrWhiteSpace(id) ? null : $"playground:{id}");

    private static IResult Answer(ChatReply reply) => Results.Json(
        new PlaygroundAnswer(reply switch { ChatReply.Card => "card", ChatReply.Text => "text", _ => "private" }, TextOf(reply)),
        JsonBody.Options);

    private static string TextOf(ChatReply reply) => reply switch
    {
        ChatReply.Card card => card.Summary,
        ChatReply.Text text => text.Body,
        ChatReply.Private p => p.Body,
        _ => string.Empty,
    };

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "The playground is on at / outside Development (Playground:Enabled is true): anyone who can reach this host can act there as any person of the directory. Turn it off on a shared deployment.")]
    private static partial void LogOpenPlayground(ILogger logger);
}
