using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Chat;
using SignOffBot.Host.Api;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Slack.Verification;

namespace SignOffBot.Host.Slack;

/// <summary>
/// <c>POST /slack/events</c>: the URL check, commands typed as an @mention or a direct message, and the opening
/// of the App Home tab (<c>app_home_opened</c>, which publishes the person's Home). Deliveries are deduplicated by
/// <c>event_id</c> (Slack retries with X-Slack-Retry-Num); answers go out after the ack.
/// </summary>
public sealed partial class SlackEventsEndpoint(
    SlackRequestVerifier verifier,
    SlackPeople people,
    ChatCommandRunner commands,
    ChatFiles files,
    OutboxWriter outbox,
    RecentDeliveries recent,
    SlackHomeTab home)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var verified = await verifier.VerifyAsync(request, cancellationToken);
        if (!verified.Succeeded)
        {
            return verified.Refusal();
        }

        JsonElement envelope;
        try
        {
            envelope = JsonDocument.Parse(verified.Body!).RootElement;
        }
        catch (JsonException)
        {
            return NotAnEnvelope();
        }

        if (envelope.ValueKind != JsonValueKind.Object)
        {
            return NotAnEnvelope();
        }

        var type = envelope.GetStringOrDefault("type");
        if (type == "url_verification")
        {
            return Results.Json(new JsonObject { ["challenge"] = envelope.GetStringOrDefault("challenge") });
        }

        if (type != "event_callback" || envelope.GetStringOrDefault("event_id") is not { } eventId || !recent.FirstTime($"slack:event:{eventId}"))
        {
            return Results.Ok();
        }

        var e = envelope.GetPropertyOrDefault("event");
        if (e.GetStringOrDefault("type") == "app_home_opened")
        {
            // The Messages tab opens this event too; only the Home tab has a view to publish.
            if (e.GetStringOrDefault("tab") == "home" && e.GetStringOrDefault("user") is { } viewer)
            {
                home.Publish(viewer);
            }

            return Results.Ok();
        }

        var isCommand = e.GetStringOrDefault("type") == "app_mention" || (e.GetStringOrDefault("type") == "message" && e.GetStringOrDefault("channel_type") == "im");
        if (!isCommand || e.GetStringOrDefault("bot_id") is not null || e.GetStringOrDefault("subtype") is not null
            || e.GetStringOrDefault("user") is not { } userId || e.GetStringOrDefault("channel") is not { } channel)
        {
            return Results.Ok();
        }

        var person = people.Find(userId);
        if (person is null)
        {
            outbox.Enqueue(new PostTextNotice(ChatPlatform.Slack, channel, SlackPeople.UnknownPersonText, userId));
            return Results.Ok();
        }

        var text = LeadingMention().Replace(e.GetStringOrDefault("text") ?? string.Empty, string.Empty, 1).Trim();
        var context = new ActionContext(person.Id, ChatPlatform.Slack, ChatPlatform.Slack, $"slack:event:{eventId}");
        var (reply, file) = commands.Handle(text.Length == 0 ? "help" : text, context);
        var direct = SlackPlatform.IsDirectMessage(channel);
        if (file is not null && reply is ChatReply.Text signed)
        {
            files.Hold(file, person.Id, id =>
            [
                new PostTextNotice(ChatPlatform.Slack, channel, $"{signed.Body}\n{SlackFiles.Follows(file)}", null),
                new PostFileNotice(ChatPlatform.Slack, channel, new(person.Id), userId, id, file.Name, file.Content.Length, file.Caption),
            ]);
            return Results.Ok();
        }

        outbox.Enqueue(reply switch
        {
            ChatReply.Card card => new PostCardNotice(ChatPlatform.Slack, channel, card.ItemKey, direct ? person.Id : null, card.Summary),
            ChatReply.Text answer => new PostTextNotice(ChatPlatform.Slack, channel, answer.Body, null),
            ChatReply.Private note => new PostTextNotice(ChatPlatform.Slack, channel, note.Body, direct ? null : userId),
            _ => new PostTextNotice(ChatPlatform.Slack, channel, "Sorry, I could not answer that.", userId),
        });
        return Results.Ok();
    }

    // "@SignOff status x" arrives as "<@U0BOT> status x": the leading mention is the bot.
    [GeneratedRegex(@"^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>")]
    private static partial Regex LeadingMention();

    private static IResult NotAnEnvelope() =>
        Problems.BadRequest("The body is not a Slack Events API envelope (a JSON object). Nothing was done.");
}
