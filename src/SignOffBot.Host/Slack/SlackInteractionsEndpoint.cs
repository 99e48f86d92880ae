using System.Text.Json;
using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Api;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Slack.BlockKit;
using SignOffBot.Host.Slack.Payloads;
using SignOffBot.Host.Slack.Verification;
using SignOffBot.Host.Slack.WebApi;

namespace SignOffBot.Host.Slack;

/// <summary>
/// <c>POST /slack/interactions</c>: button presses and modal submissions. A press is recorded before the empty
/// ack; an answer that needs a comment (and "Approve with comment") opens a modal straight away (a trigger_id lives
/// 3 s); refusals come back privately, and every posted copy of the card is redrawn through the outbox. A press on
/// the App Home (which has no channel) is refused in a direct message and republishes the person's Home.
/// </summary>
public sealed partial class SlackInteractionsEndpoint(
    SlackRequestVerifier verifier,
    SlackPeople people,
    ChatCommandHandler commands,
    IGovernanceSource governance,
    ISignOffStore store,
    SlackApiClient api,
    OutboxWriter outbox,
    Health.BackgroundFailures failures,
    SlackHomeTab home,
    ILogger<SlackInteractionsEndpoint> log)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var verified = await verifier.VerifyAsync(request, cancellationToken);
        if (!verified.Succeeded)
        {
            return verified.Refusal();
        }

        SlackInteraction interaction;
        try
        {
            var form = SlackForm.Parse(verified.Body!);
            interaction = SlackInteraction.Parse(form.GetValueOrDefault("payload") ?? throw new FormatException("no payload"));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return Problems.BadRequest("The body is not a Slack interaction (a form whose payload field holds its JSON). Nothing was done.");
        }

        return interaction.Type switch
        {
            SlackInteraction.BlockActions => BlockAction(interaction),
            SlackInteraction.ViewSubmission => ViewSubmission(interaction),
            _ => Results.Ok(),
        };
    }

    private IResult BlockAction(SlackInteraction interaction)
    {
        if (interaction.User?.Id is not { } userId || interaction.Action is not { } action || !SlackPresses.TryRead(action, out var press, out var opensModal))
        {
            return Results.Ok();
        }

        // A press repeated with the same trigger is answered from the store's record of its delivery id.
        var delivery = $"slack:{interaction.TriggerId ?? action.ActionTs}";
        var fromHome = interaction.View?.Type == SlackView.HomeType;
        var person = people.Find(userId);
        if (person is null)
        {
            Privately(interaction, userId, SlackPeople.UnknownPersonText);
            return Results.Ok();
        }

        if (opensModal)
        {
            if (!MayPress(press, person.Id))
            {
                Privately(interaction, userId, "This review is not assigned to you.");
                return Results.Ok();
            }

            // A trigger_id works once and only for 3 s: open the modal now, off the request path.
            var modal = ReviewModal.Build(press.Target, press.Slot!.Value.Name, press.Verb, fromHome ? SlackView.HomeType : null);
            _ = Task.Run(() => OpenModalAsync(interaction.TriggerId!, modal));
            return Results.Ok();
        }

        var context = new ActionContext(person.Id, ChatPlatform.Slack, ChatPlatform.Slack, delivery);
        var reply = commands.Press(press, context);
        if (reply is ChatReply.Private refusal)
        {
            Privately(interaction, userId, refusal.Body);
        }
        else if (reply is ChatReply.Text text && interaction.Channel?.Id is { } channel)
        {
            outbox.Enqueue(new PostTextNotice(ChatPlatform.Slack, channel, text.Body, null));
        }

        if (fromHome)
        {
            home.Publish(userId);
        }

        return Results.Ok();
    }

    private IResult ViewSubmission(SlackInteraction interaction)
    {
        if (interaction.View is not { } view || view.CallbackId != SlackActionIds.CommentCallbackId)
        {
            return Results.Ok();
        }

        if (people.Find(interaction.User?.Id) is not { } person)
        {
            return Results.Json(ReviewModal.Errors(SlackPeople.UnknownPersonText));
        }

        if (!SlackPresses.TryRead(view, out var press))
        {
            return Results.Json(ReviewModal.Errors("This form is not one the bot opened: press the button on the card again."));
        }

        var context = new ActionContext(person.Id, ChatPlatform.Slack, ChatPlatform.Slack, $"slack:{interaction.TriggerId ?? view.Id}");
        var reply = commands.Press(press, context);
        if (reply is ChatReply.Private refusal)
        {
            return Results.Json(ReviewModal.Errors(ReaderTime.For(refusal.Body, person.Id, governance.Current)));
        }

        // A modal opened from the App Home: the Home no longer shows the answered review.
        if (SlackPresses.TryReadMetadata(view.PrivateMetadata, out var metadata) && metadata.Metadata == SlackView.HomeType)
        {
            home.Publish(interaction.User!.Id!);
        }

        return Results.Ok();
    }

    private bool MayPress(CardPress press, string personId) =>
        store.FindItem(press.Target) is { } found
        && SignOffViews.For(found, governance.Current, personId).Actions.Any(a => a.Verb == press.Verb && a.Slot == press.Slot?.Name);

    /// <summary>
    /// Only the person sees it: in the channel of the pressed message (through the press's <c>response_url</c> when the
    /// bot cannot post there), or (a press on the App Home) as a direct message.
    /// </summary>
    private void Privately(SlackInteraction interaction, string userId, string text) =>
        outbox.Enqueue(interaction.ChannelId is { } channel
            ? new PostTextNotice(ChatPlatform.Slack, channel, text, userId, ReplyUrl: interaction.ResponseUrl)
            : new PostTextNotice(ChatPlatform.Slack, userId, text, null));

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

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Opening the comment modal failed (the person can press again): {Error}")]
    private partial void LogModalFailed(string error);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Opening the comment modal failed unexpectedly (the person can press again)")]
    private partial void LogModalFault(Exception error);
}
