using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Teams.Activities;
using SignOffBot.Host.Teams.Authentication;
using SignOffBot.Host.Teams.Cards;
using SignOffBot.Host.Teams.Connector;
using SignOffBot.Host.Teams.Conversations;

namespace SignOffBot.Host.Teams;

/// <summary>
/// One activity from the Bot Framework channel: authenticated before anything is read into the domain, then a
/// command message, a card action (invoke) or a conversation event.
/// </summary>
public sealed partial class TeamsTurn(
    IOptions<TeamsOptions> options,
    BotFrameworkAuthenticator authenticator,
    TeamsConversations conversations,
    TeamsPeople people,
    TeamsCards cards,
    ChatCommandHandler commands,
    ISignOffStore store,
    BotConnectorClient connector,
    Chat.RecentDeliveries recent,
    ILogger<TeamsTurn> log)
{
    public const string Platform = "teams";

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var header = request.Headers.Authorization.ToString();
        if (!options.Value.IsOn || string.IsNullOrEmpty(header))
        {
            return Results.Unauthorized();
        }

        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync<Activity>(request.Body, TeamsJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (activity?.Type is null || activity.ServiceUrl is null)
        {
            return Results.BadRequest();
        }

        var authentication = await authenticator.AuthenticateAsync(header, activity, cancellationToken);
        if (!authentication.Succeeded)
        {
            return Results.Unauthorized();
        }

        if (activity.Type is "message" or "invoke" && (activity.Id is null || activity.Conversation?.Id is null || activity.From?.Id is null))
        {
            return Results.BadRequest();
        }

        var person = await people.ResolveAsync(activity, cancellationToken);
        conversations.Remember(activity, person?.Id);
        return activity.Type switch
        {
            "message" => await OnMessageAsync(activity, person, cancellationToken),
            "invoke" when activity.Name == "adaptiveCard/action" => Invoke(OnCardAction(activity, person)),
            "invoke" => Invoke(InvokeResponses.Error(501, "NotImplemented", $"SignOffBot does not handle '{activity.Name}'.")),
            _ => Results.Ok(),
        };
    }

    private async Task<IResult> OnMessageAsync(Activity activity, Person? person, CancellationToken cancellationToken)
    {
        if (person is null)
        {
            await ReplyAsync(activity, Text(NotInDirectory(activity)), cancellationToken);
            return Results.Ok();
        }

        if (activity.Id is { } activityId && !recent.FirstTime($"{activity.Conversation?.Id}|{activityId}"))
        {
            return Results.Ok();
        }

        var text = MentionText.CommandOf(activity);
        var reply = commands.Handle(text.Length == 0 ? "help" : text, Context(activity, person));
        var shared = activity.Conversation?.ConversationType is "channel" or "groupChat";
        var outgoing = reply switch
        {
            ChatReply.Card card when store.FindItem(ItemKeyOf(card.View)) is { } item =>
                CardMessage(cards.For(item, shared ? null : person.Id), card.Summary),
            ChatReply.Card card => Text(card.Summary),
            ChatReply.Text t => Text(t.Body),
            ChatReply.Private p => Text(p.Body),
            _ => Text("Sorry, I could not answer that."),
        };

        var id = await ReplyAsync(activity, outgoing, cancellationToken);
        if (reply is ChatReply.Card posted && id is not null)
        {
            conversations.AddCopy(posted.View.Item, activity.ServiceUrl!, activity.Conversation!.Id!, id, shared ? null : person.Id);
        }

        return Results.Ok();
    }

    private JsonObject OnCardAction(Activity activity, Person? person)
    {
        if (person is null)
        {
            return InvokeResponses.Error(403, "Forbidden", NotInDirectory(activity));
        }

        var action = activity.Value is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("action", out var a) ? a : default;
        var verb = String(action, "verb");
        var data = action.ValueKind == JsonValueKind.Object && action.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        var trigger = activity.Value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty("trigger", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var itemText = String(data, "item");

        // An automatic refresh only draws the card for this viewer; it never records anything.
        if (trigger == "automatic" || verb == "refresh")
        {
            return ItemKey.TryParse(itemText, out var refreshKey) && store.FindItem(refreshKey) is { } refreshed
                ? InvokeResponses.Card(cards.For(refreshed, person.Id))
                : InvokeResponses.Error(404, "NotFound", $"There is no item {itemText}.");
        }

        if (!ReviewVerbs.TryParse(verb, out var reviewVerb))
        {
            return InvokeResponses.Error(400, "BadRequest", $"Unknown card action '{verb}'.");
        }

        var commentInput = String(data, "commentInput");
        var comment = commentInput is null ? null : String(data, commentInput);
        var target = String(data, "bypass") ?? itemText ?? string.Empty;
        var reply = commands.Press(reviewVerb, target, String(data, "slot"), comment, Context(activity, person));
        return reply switch
        {
            ChatReply.Card card when store.FindItem(ItemKeyOf(card.View)) is { } item => InvokeResponses.Card(cards.For(item, person.Id)),
            ChatReply.Private refusal => InvokeResponses.Error(400, "Refused", refusal.Body),
            ChatReply.Text text => InvokeResponses.Message(text.Body),
            _ => InvokeResponses.Error(500, "InternalError", "The answer could not be drawn."),
        };
    }

    private async Task<string?> ReplyAsync(Activity to, Activity reply, CancellationToken cancellationToken)
    {
        var outgoing = reply with
        {
            From = to.Recipient,
            Recipient = to.From,
            Conversation = to.Conversation,
            ReplyToId = to.Id,
        };
        try
        {
            return await connector.ReplyToActivityAsync(to.ServiceUrl!, to.Conversation!.Id!, to.Id!, outgoing, cancellationToken);
        }
        catch (Outbox.DeliveryFailedException e)
        {
            LogReplyFailed(to.Id, e.Message);
            return null;
        }
    }

    private static ActionContext Context(Activity activity, Person person) =>
        new(person.Id, Platform, Platform, activity.Id is null ? null : $"teams:{activity.Id}");

    private static ItemKey ItemKeyOf(SignOffView view) => ItemKey.TryParse(view.Item, out var key) ? key : throw new InvalidOperationException(view.Item);

    private static Activity Text(string text) => new() { Type = "message", Text = text, TextFormat = "plain" };

    // A card goes alone: with text beside it Teams splits the message and returns no id to update it by.
    private static Activity CardMessage(JsonObject card, string summary) =>
        new() { Type = "message", Summary = summary, Attachments = [Attachment.AdaptiveCard(card)] };

    private static string NotInDirectory(Activity activity) =>
        $"I don't know you yet: ask an administrator to add you to Governance:People (your Teams AAD object id is {activity.From?.AadObjectId ?? "unknown"}).";

    private static IResult Invoke(JsonObject response) => Results.Json(response, TeamsJson.Options, "application/json", 200);

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Reply to Teams activity {ActivityId} failed: {Error}")]
    private partial void LogReplyFailed(string? activityId, string error);
}
