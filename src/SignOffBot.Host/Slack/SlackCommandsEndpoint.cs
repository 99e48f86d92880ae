using SignOffBot.Core.Conversations;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Chat;
using SignOffBot.Host.Api;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Slack.BlockKit;
using SignOffBot.Host.Slack.Verification;

namespace SignOffBot.Host.Slack;

/// <summary>
/// <c>POST /slack/commands</c>: <c>/signoff &lt;command&gt;</c>. The command runs at once (a local write), the
/// answer is the ack (ephemeral unless it is a deploy-check or bypass answer); a card, or the file of a signed
/// deploy-check (<c>--attest</c>), is posted after the ack, through the outbox.
/// </summary>
public sealed class SlackCommandsEndpoint(SlackRequestVerifier verifier, SlackPeople people, ChatCommandRunner commands, ChatFiles files, OutboxWriter outbox)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var verified = await verifier.VerifyAsync(request, cancellationToken);
        if (!verified.Succeeded)
        {
            return verified.Refusal();
        }

        IReadOnlyDictionary<string, string> form;
        try
        {
            form = SlackForm.Parse(verified.Body!);
        }
        catch (FormatException)
        {
            return Problems.BadRequest("The body is not a Slack slash command (an application/x-www-form-urlencoded form). Nothing was done.");
        }

        // Slack checks the URL's certificate now and then with ssl_check=1: a 200, and nothing is run.
        if (form.GetValueOrDefault("ssl_check") == "1")
        {
            return Results.Ok();
        }

        if (!form.TryGetValue("user_id", out var userId) || !form.TryGetValue("channel_id", out var channel))
        {
            return Problems.BadRequest("A Slack slash command needs its user_id and channel_id. Nothing was done.");
        }

        var person = people.Find(userId);
        if (person is null)
        {
            return Ephemeral($"I don't know you yet (Slack user {userId}). Ask an administrator to add your SlackUserId to Governance:People, or try again in a moment if your Slack e-mail is in the directory.");
        }

        var context = new ActionContext(person.Id, ChatPlatform.Slack, ChatPlatform.Slack, form.TryGetValue("trigger_id", out var trigger) ? $"slack:{trigger}" : null);
        var (reply, file) = commands.Handle(form.GetValueOrDefault("text") ?? string.Empty, context);
        if (file is not null && reply is ChatReply.Text answer)
        {
            files.Hold(file, person.Id, id => [new PostFileNotice(ChatPlatform.Slack, channel, new(person.Id), userId, id, file.Name, file.Content.Length, file.Caption)]);
            return Answer(SlackMessage.InChannel($"{answer.Body}\n{SlackFiles.Follows(file)}"));
        }

        switch (reply)
        {
            case ChatReply.Card card:
                outbox.Enqueue(new PostCardNotice(
                    ChatPlatform.Slack, channel, card.ItemKey, SlackPlatform.IsDirectMessage(channel) ? person.Id : null, card.Summary, form.GetValueOrDefault("response_url")));
                return Ephemeral(card.Summary);
            case ChatReply.Text text:
                return Answer(SlackMessage.InChannel(text.Body));
            case ChatReply.Private note:
                return Ephemeral(note.Body);
            default:
                return Ephemeral("Sorry, I could not answer that.");
        }
    }

    private static IResult Ephemeral(string text) => Answer(SlackMessage.Ephemeral(text));

    private static IResult Answer(SlackMessage message) => Results.Json(message.ToJson());
}
