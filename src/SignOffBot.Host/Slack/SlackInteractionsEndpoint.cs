using System.Text.Json;
using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Chat;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Slack.BlockKit;
using SignOffBot.Host.Slack.Verification;
using SignOffBot.Host.Slack.WebApi;

namespace SignOffBot.Host.Slack;

/// <summary>
/// <c>POST /slack/interactions</c>: button presses and modal submissions. A press is recorded before the empty
/// ack; an answer that needs a comment opens a modal straight away (a trigger_id lives 3 s); refusals come back
/// privately, and every posted copy of the card is redrawn through the outbox.
/// </summary>
public sealed partial class SlackInteractionsEndpoint(
    SlackRequestVerifier verifier,
    SlackPeople people,
    ChatCommandHandler commands,
    IGovernanceSource governance,
    ISignOffStore store,
    SlackApiClient api,
    OutboxWriter outbox,
    RecentDeliveries recent,
    Health.BackgroundFailures failures,
    ILogger<SlackInteractionsEndpoint> log)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var verified = await verifier.VerifyAsync(request, cancellationToken);
        if (!verified.Succeeded)
        {
            return Results.Unauthorized();
        }

        JsonElement payload;
        try
        {
            var form = SlackForm.Parse(verified.Body!);
            payload = JsonDocument.Parse(form.GetValueOrDefault("payload") ?? throw new FormatException("no payload")).RootElement;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return Results.BadRequest();
        }

        return payload.GetStringOrDefault("type") switch
        {
            "block_actions" => BlockAction(payload),
            "view_submission" => ViewSubmission(payload),
            _ => Results.Ok(),
        };
    }

    private IResult BlockAction(JsonElement payload)
    {
        var userId = payload.GetPropertyOrDefault("user").GetStringOrDefault("id");
        var action = payload.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array && actions.GetArrayLength() > 0 ? actions[0] : default;
        var trigger = payload.GetStringOrDefault("trigger_id");
        if (userId is null || !ReviewVerbs.TryParse(action.GetStringOrDefault("action_id"), out var verb))
        {
            return Results.Ok();
        }

        var delivery = $"slack:{trigger ?? action.GetStringOrDefault("action_ts")}";
        if (!recent.FirstTime(delivery))
        {
            return Results.Ok();
        }

        var value = ParseValue(action.GetStringOrDefault("value"));
        var person = people.Find(userId);
        if (person is null)
        {
            Privately(payload, userId, "I don't know you yet: ask an administrator to add your SlackUserId to Governance:People.");
            return Results.Ok();
        }

        var item = value.GetStringOrDefault("item");
        var slot = value.GetStringOrDefault("slot");
        if (ReviewVerbs.NeedsComment(verb))
        {
            if (!MayPress(item, slot, verb, person.Id))
            {
                Privately(payload, userId, "This review is not assigned to you.");
                return Results.Ok();
            }

            // A trigger_id works once and only for 3 s: open the modal now, off the request path.
            var modal = ReviewModal.Build(item!, slot!, verb, null);
            _ = Task.Run(() => OpenModalAsync(trigger!, modal));
            return Results.Ok();
        }

        var context = new ActionContext(person.Id, ChatPlatform.Slack, ChatPlatform.Slack, delivery);
        var reply = commands.Press(verb, value.GetStringOrDefault("bypass") ?? item ?? string.Empty, slot, null, context);
        if (reply is ChatReply.Private refusal)
        {
            Privately(payload, userId, refusal.Body);
        }
        else if (reply is ChatReply.Text text && payload.GetPropertyOrDefault("channel").GetStringOrDefault("id") is { } channel)
        {
            outbox.Enqueue(new PostTextNotice(ChatPlatform.Slack, channel, text.Body, null));
        }

        return Results.Ok();
    }

    private IResult ViewSubmission(JsonElement payload)
    {
        var view = payload.GetPropertyOrDefault("view");
        if (view.GetStringOrDefault("callback_id") != SlackActionIds.CommentCallbackId)
        {
            return Results.Ok();
        }

        var meta = ParseValue(view.GetStringOrDefault("private_metadata"));
        var userId = payload.GetPropertyOrDefault("user").GetStringOrDefault("id");
        var person = people.Find(userId);
        if (person is null || !ReviewVerbs.TryParse(meta.GetStringOrDefault("verb"), out var verb))
        {
            return Results.Json(ReviewModal.Errors("I don't know you yet: ask an administrator to add your SlackUserId to Governance:People."));
        }

        var comment = view.GetPropertyOrDefault("state").GetPropertyOrDefault("values").GetPropertyOrDefault("comment").GetPropertyOrDefault("comment");
        var context = new ActionContext(person.Id, ChatPlatform.Slack, ChatPlatform.Slack, $"slack:{payload.GetStringOrDefault("trigger_id") ?? view.GetStringOrDefault("id")}");
        var reply = commands.Press(verb, meta.GetStringOrDefault("item") ?? string.Empty, meta.GetStringOrDefault("slot"), comment.GetStringOrDefault("value"), context);
        return reply is ChatReply.Private refusal ? Results.Json(ReviewModal.Errors(refusal.Body)) : Results.Ok();
    }

    private bool MayPress(string? item, string? slot, ReviewVerb verb, string personId) =>
        store.FindItem(item) is { } found
        && SignOffViews.For(found, governance.Current, personId).Actions.Any(a => a.Verb == verb && a.Slot == slot);

    private void Privately(JsonElement payload, string userId, string text)
    {
        var channel = payload.GetPropertyOrDefault("channel").GetStringOrDefault("id") ?? payload.GetPropertyOrDefault("container").GetStringOrDefault("channel_id");
        if (channel is not null)
        {
            outbox.Enqueue(new PostTextNotice(ChatPlatform.Slack, channel, text, userId));
        }
    }

    private async Task OpenModalAsync(string trigger, JsonObject modal)
    {
        try
        {
            await api.OpenViewAsync(trigger, modal, CancellationToken.None);
        }
        catch (Exception e) when (e is DeliveryFailedException or HttpRequestException or TaskCanceledException)
        {
            LogModalFailed(e.Message);
        }
        catch (Exception e)
        {
            failures.Record("slack-modal", "views.open", e);
            LogModalFault(e);
        }
    }

    private static JsonElement ParseValue(string? json)
    {
        try
        {
            return json is null ? default : JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException)
        {
            return default;
        }
    }


    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Opening the comment modal failed (the person can press again): {Error}")]
    private partial void LogModalFailed(string error);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Opening the comment modal failed unexpectedly (the person can press again)")]
    private partial void LogModalFault(Exception error);
}
