using System.Text.Json;
using SignOffBot.Host.Chat;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Api;
using SignOffBot.Host.Teams.Payloads;
using SignOffBot.Host.Teams.Authentication;
using SignOffBot.Host.AdaptiveCards;
using SignOffBot.Host.Teams.Conversations;

namespace SignOffBot.Host.Teams;

/// <summary>
/// One activity from the Bot Framework channel: authenticated before anything is read into the domain, then a
/// command message, a card action or an answer to a file consent card (invokes), or a conversation event.
/// </summary>
public sealed partial class TeamsMessagesEndpoint(
    IOptions<TeamsOptions> options,
    BotFrameworkAuthenticator authenticator,
    TeamsConversations conversations,
    TeamsPeople people,
    TeamsCards cards,
    ChatCommandHandler commands,
    ChatCommandRunner typedCommands,
    ChatFiles files,
    IGovernanceSource governance,
    ISignOffStore store,
    Outbox.OutboxWriter outbox,
    Chat.RecentDeliveries recent,
    TeamsRoster roster,
    ILogger<TeamsMessagesEndpoint> log)
{

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var header = request.Headers.Authorization.ToString();
        if (!options.Value.IsOn || string.IsNullOrEmpty(header))
        {
            return ChannelAuthentication.Unauthenticated();
        }

        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync<Activity>(request.Body, TeamsJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return Problems.BadRequest("The body is not a Bot Framework activity (JSON). Nothing was done.");
        }

        if (activity?.Type is null || activity.ServiceUrl is null)
        {
            return Problems.BadRequest("A Bot Framework activity needs its type and serviceUrl. Nothing was done.");
        }

        var authentication = await authenticator.AuthenticateAsync(header, activity, cancellationToken);
        if (!authentication.Succeeded)
        {
            return authentication.Refusal();
        }

        // The channel's token also signs other Bot Framework channels (Web Chat, Direct Line), whose clients choose
        // their own user ids: only Teams, from an allowed tenant, may act here.
        if (activity.ChannelId != "msteams")
        {
            LogRefused(Clip(activity.ChannelId) ?? "(none)", "the channel is not msteams");
            return Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", "SignOffBot takes activities from Microsoft Teams only.");
        }

        // Both places a tenant is given in must be allowed (and one given, unless no tenant is pinned).
        if (!options.Value.AllowsTenants(activity.TenantIds()))
        {
            LogRefused(activity.TenantIds() is { Count: > 0 } named ? Clip(string.Join(", ", named))! : "(none)", "the tenant is not in Teams:AllowedTenants");
            return Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", "This Teams tenant may not use this bot.");
        }

        if (activity.Type is "message" or "invoke" && (activity.Id is null || activity.Conversation?.Id is null || activity.From?.Id is null))
        {
            return Problems.BadRequest("A message or invoke activity needs its id, conversation id and from id. Nothing was done.");
        }

        var person = await people.ResolveAsync(activity, cancellationToken);
        conversations.Remember(activity, person);
        return activity.Type switch
        {
            "message" => OnMessage(activity, person),
            "invoke" when activity.Name == "adaptiveCard/action" => Invoke(OnCardAction(activity, person)),
            "invoke" when activity.Name == FileConsent.InvokeName => OnFileConsent(activity, person),
            "invoke" => Invoke(InvokeResponses.Error(501, "NotImplemented", $"SignOffBot does not handle '{activity.Name}'.")),
            "conversationUpdate" or "installationUpdate" => OnTeamEvent(activity),
            _ => Results.Ok(),
        };
    }

    /// <summary>
    /// The bot added to a team (or a member added to it): its roster and channels are read, off the request path. The
    /// bot removed: the team's channels are forgotten until it is added again.
    /// </summary>
    private IResult OnTeamEvent(Activity activity)
    {
        if (activity.TeamId() is not { } teamId)
        {
            return Results.Ok();
        }

        var removed = activity.RemovesTheBot() || activity.Action is "remove" or "remove-upgrade";
        var added = activity.Action is "add" or "add-upgrade" || activity.MembersAdded is { Count: > 0 };
        if (removed)
        {
            LogTeamForgotten(teamId, conversations.ForgetTeam(teamId));
        }
        else if (added)
        {
            roster.ReadInBackground(teamId, activity.ServiceUrl!, activity.TenantId());
        }

        return Results.Ok();
    }

    private IResult OnMessage(Activity activity, Person? person)
    {
        if (person is null)
        {
            Answer(activity, new ChatReply.Private(NotInDirectory(activity)), viewer: null);
            return Results.Ok();
        }

        if (activity.DeliveryId() is { } deliveryId && !recent.FirstTime(deliveryId))
        {
            return Results.Ok();
        }

        var text = MentionText.CommandOf(activity);
        var (reply, file) = typedCommands.Handle(text.Length == 0 ? "help" : text, Context(activity, person));
        var shared = activity.Conversation?.ConversationType is "channel" or "groupChat";
        if (file is not null && reply is ChatReply.Text signed)
        {
            Offer(activity, person, signed, file, shared);
            return Results.Ok();
        }

        Answer(activity, reply, shared ? null : person.Id);
        return Results.Ok();
    }

    /// <summary>
    /// A signed deploy-check: the answer where it was asked, and its file offered in the person's personal chat with the
    /// bot (a bot can upload files only there: in a channel or group chat the answer says where the file went), both
    /// queued with the held file in one write.
    /// </summary>
    private void Offer(Activity activity, Person person, ChatReply.Text answer, ChatFile file, bool shared)
    {
        var conversation = activity.Conversation!.Id!;
        var where = shared
            ? $"I sent you the signed attestation {file.Name} in our personal chat: accept it there to receive it."
            : $"The signed attestation {file.Name} follows: accept it to receive it.";
        var line = (shared ? ReaderTime.InUtc(answer.Body) : ReaderTime.For(answer.Body, person.Id, governance.Current)) + "\n" + where;
        files.Hold(file, person.Id, id =>
        [
            new PostTextNotice(ChatPlatform.Teams, conversation, line, null, activity.Id, activity.ServiceUrl),
            shared
                ? new PostFileNotice(ChatPlatform.Teams, null, new(person.Id), activity.From?.Id, id, file.Name, file.Content.Length, file.Caption)
                : new PostFileNotice(ChatPlatform.Teams, conversation, new(person.Id), activity.From?.Id, id, file.Name, file.Content.Length, file.Caption, activity.ServiceUrl, activity.Id),
        ]);
    }

    /// <summary>
    /// The person's answer to a file consent card, answered 200 at once: accept queues the upload (the bytes to the
    /// place Teams gave, then the file card, through the outbox); decline drops the held file. Only the person the file is
    /// held for may answer; anyone else is refused (403) and nothing changes.
    /// </summary>
    private IResult OnFileConsent(Activity activity, Person? person)
    {
        if (person is null)
        {
            return InvokeStatus(403, "Forbidden", NotInDirectory(activity));
        }

        if (FileConsent.Read(activity.Value) is not { File: { } id } consent)
        {
            return InvokeStatus(400, "BadRequest", "A file consent answer needs type fileUpload, an action (accept or decline) and the card's context.");
        }

        if (activity.DeliveryId() is { } deliveryId && !recent.FirstTime(deliveryId))
        {
            return Results.Ok();
        }

        var conversation = activity.Conversation!.Id!;
        if (files.Find(id) is not { } file)
        {
            if (consent.Action == "accept")
            {
                outbox.Enqueue(new PostTextNotice(ChatPlatform.Teams, conversation,
                    $"That file is no longer here (files wait {ChatFiles.Lifetime.TotalHours:0} hours): ask for it again.", null, activity.Id, activity.ServiceUrl));
            }

            return Results.Ok();
        }

        if (file.Person != person.Id)
        {
            LogRefused(Clip(activity.From?.Id) ?? "(none)", "a file consent answer for a file held for someone else");
            return InvokeStatus(403, "Forbidden", "This file was offered to someone else.");
        }

        if (consent.Action == "decline")
        {
            files.Forget(file.Id);
            outbox.Enqueue(new PostTextNotice(ChatPlatform.Teams, conversation, $"Not sent: {file.Name}.", null, activity.Id, activity.ServiceUrl));
            return Results.Ok();
        }

        if (consent.UploadInfo is not { UploadUrl: { } uploadUrl, ContentUrl: { } contentUrl } info)
        {
            return InvokeStatus(400, "BadRequest", "An accepted file consent needs uploadInfo with uploadUrl and contentUrl.");
        }

        outbox.Enqueue(new UploadFileNotice(ChatPlatform.Teams, conversation, file.Id, info.Name ?? file.Name, uploadUrl, contentUrl, info.UniqueId, info.FileType, activity.ServiceUrl));
        return Results.Ok();
    }

    /// <summary>
    /// The answer goes back as a reply to the activity through the outbox, like every other message the bot sends:
    /// it is stored with the action, so a connector failure delays it instead of losing it; a card becomes a copy
    /// that is redrawn when its item changes. A text's times are in the viewer's time zone in their own chat, in UTC
    /// where many read it.
    /// </summary>
    private void Answer(Activity activity, ChatReply reply, string? viewer)
    {
        var conversation = activity.Conversation!.Id!;
        string Read(string text) => viewer is null ? ReaderTime.InUtc(text) : ReaderTime.For(text, viewer, governance.Current);
        outbox.Enqueue(reply switch
        {
            ChatReply.Card card => new PostCardNotice(ChatPlatform.Teams, conversation, card.ItemKey, viewer, card.Summary, activity.ServiceUrl, activity.Id),
            ChatReply.Text t => new PostTextNotice(ChatPlatform.Teams, conversation, Read(t.Body), null, activity.Id, activity.ServiceUrl),
            ChatReply.Private p => new PostTextNotice(ChatPlatform.Teams, conversation, Read(p.Body), null, activity.Id, activity.ServiceUrl),
            _ => new PostTextNotice(ChatPlatform.Teams, conversation, "Sorry, I could not answer that.", null, activity.Id, activity.ServiceUrl),
        });
    }

    private JsonObject OnCardAction(Activity activity, Person? person)
    {
        if (person is null)
        {
            return InvokeResponses.Error(403, "Forbidden", NotInDirectory(activity));
        }

        var value = activity.Value ?? default;
        var action = value.GetPropertyOrDefault("action");
        var verb = action.GetStringOrDefault("verb");
        var data = action.GetPropertyOrDefault("data");
        var trigger = value.GetStringOrDefault("trigger");
        var itemText = data.GetStringOrDefault("item");

        // An automatic refresh only draws the card for this viewer; it never records anything.
        if (trigger == "automatic" || verb == "refresh")
        {
            return store.FindItem(itemText) is { } refreshed
                ? InvokeResponses.Card(cards.For(refreshed, person.Id))
                : InvokeResponses.Error(404, "NotFound", $"There is no item {itemText}.");
        }

        if (AdaptiveCardPress.Read(verb, data) is not { } press)
        {
            return InvokeResponses.Error(400, "BadRequest", $"Unknown card action '{verb}'.");
        }

        var reply = commands.Press(press, Context(activity, person));
        return reply switch
        {
            ChatReply.Card card => InvokeResponses.Card(cards.For(card.Item, person.Id)),
            ChatReply.Private refusal => InvokeResponses.Error(400, "Refused", ReaderTime.For(refusal.Body, person.Id, governance.Current)),
            // A decided bypass: the pressed card is redrawn in place (no buttons); the other copies follow through the outbox.
            ChatReply.Text when data.GetStringOrDefault(BypassCard.BypassKey) is { } bypassId && store.FindBypass(bypassId) is { } bypass =>
                InvokeResponses.Card(cards.For(bypass)),
            ChatReply.Text text => InvokeResponses.Message(ReaderTime.For(text.Body, person.Id, governance.Current)),
            _ => InvokeResponses.Error(500, "InternalError", "The answer could not be drawn."),
        };
    }

    private static ActionContext Context(Activity activity, Person person) =>
        new(person.Id, ChatPlatform.Teams, ChatPlatform.Teams, activity.DeliveryId());

    private static string? Clip(string? value) => value is { Length: > 80 } ? value[..80] + "…" : value;


    private static string NotInDirectory(Activity activity) =>
        $"I don't know you yet: ask an administrator to add you to Governance:People (your Teams AAD object id is {activity.From?.AadObjectId ?? "unknown"}).";

    private static IResult Invoke(JsonObject response) => Results.Json(response, TeamsJson.Options, "application/json", 200);

    /// <summary>An invoke whose HTTP status is what the client reads (a file consent answer), with an error body.</summary>
    private static IResult InvokeStatus(int status, string code, string message) =>
        Results.Json(InvokeResponses.Error(status, code, message), TeamsJson.Options, "application/json", status);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Teams activity refused ({Value}): {Reason}")]
    private partial void LogRefused(string value, string reason);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Information, Message = "The bot was removed from Teams team {TeamId}: {Forgotten} channel and team references forgotten")]
    private partial void LogTeamForgotten(string teamId, int forgotten);
}
