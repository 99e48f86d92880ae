using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Slack.BlockKit;
using SignOffBot.Host.Slack.WebApi;

namespace SignOffBot.Host.Slack;

/// <summary>
/// Delivers notices in Slack: review requests as DMs with the card and the reviewer's buttons, status lines in
/// release channels, command answers, and every posted copy of a card redrawn with chat.update after an answer.
/// The texts of notices are plain text (from the domain, with what people typed in them): each is sent as
/// <see cref="SlackMrkdwn.Plain"/>, escaped.
/// </summary>
public sealed partial class SlackNoticeSender(
    IOptionsMonitor<SlackOptions> options,
    IGovernanceSource governance,
    ISignOffStore store,
    StaleCopies staleCopies,
    SlackPeople people,
    SlackCards cards,
    SlackCardCopies copies,
    Chat.ReleaseThreads threads,
    SlackApiClient api,
    ConversationPacer pacer,
    Chat.ChatFiles files,
    ILogger<SlackNoticeSender> log) : INoticeSender, IStatusDigestSender
{
    public string Platform => ChatPlatform.Slack;

    public bool IsOn => options.CurrentValue.IsOn;

    public IReadOnlyList<string> TargetsOf(Notice notice) => notice switch
    {
        ReviewRequestNotice n => PersonTarget(n.Person),
        BypassRequestNotice n => PersonTarget(n.Person),
        ReminderNotice n => PersonTarget(n.Person),
        OverdueNotice n => PersonTarget(n.Person),
        PrivateTextNotice n => PersonTarget(n.Person),
        ChannelStatusNotice { Platform: ChatPlatform.Slack } n => [DeliveryTarget.Channel(n.Channel)],
        PostCardNotice { Platform: ChatPlatform.Slack } n => [DeliveryTarget.Conversation(n.Conversation)],
        PostTextNotice { Platform: ChatPlatform.Slack } n => [DeliveryTarget.Conversation(n.Conversation)],
        PostFileNotice { Platform: ChatPlatform.Slack, Conversation: { } conversation } => [DeliveryTarget.Conversation(conversation)],
        CardRefreshNotice n => [.. copies.Of(n.Item).Select(c => DeliveryTarget.Copy(c.Id!.ToString()))],
        BypassRefreshNotice n => [.. copies.Of(Bypass.CardKey(n.BypassId)).Select(c => DeliveryTarget.Copy(c.Id!.ToString()))],
        _ => [],
    };

    public Task SendAsync(Notice notice, string target, CancellationToken cancellationToken) => notice switch
    {
        ReviewRequestNotice request => RequestAsync(request, cancellationToken),
        ChannelStatusNotice status => StatusAsync(status, cancellationToken),
        CardRefreshNotice refresh => RefreshAsync(refresh.Item, DeliveryTarget.IdOf(target, DeliveryTarget.CopyPrefix), cancellationToken),
        BypassRequestNotice bypass => BypassAsync(bypass, cancellationToken),
        BypassRefreshNotice refresh => RefreshBypassAsync(refresh.BypassId, DeliveryTarget.IdOf(target, DeliveryTarget.CopyPrefix), cancellationToken),
        PostCardNotice post => AnswerWithCardAsync(post, cancellationToken),
        PostTextNotice text => PostTextAsync(text, cancellationToken),
        PostFileNotice file => PostFileAsync(file, cancellationToken),
        ReminderNotice reminder => DirectTextAsync(reminder.Person, reminder.Item, NoticeTexts.Reminder(reminder), cancellationToken),
        OverdueNotice overdue => DirectTextAsync(overdue.Person, overdue.Item, NoticeTexts.Overdue(overdue, governance.Current), cancellationToken),
        PrivateTextNotice line => DirectTextAsync(line.Person, line.Item, line.Text, cancellationToken),
        _ => Task.CompletedTask,
    };

    /// <summary>
    /// Every person of the directory: one without a Slack user id is looked up by e-mail when the delivery is sent (and
    /// the delivery does nothing when the workspace has nobody with that address).
    /// </summary>
    private IReadOnlyList<string> PersonTarget(PersonId personId) =>
        governance.Current.FindPerson(personId) is null ? [] : [DeliveryTarget.Person(personId)];

    /// <summary>
    /// A status line in a release channel: the item's first one starts a thread, later ones are replies in it (the
    /// final decision is shown in the channel too). The bot joins a public channel it is not in yet
    /// (<c>conversations.join</c>); a private channel it was not invited to makes the line wait as unreachable (shown in
    /// <c>/healthz</c>) until it is.
    /// </summary>
    private Task StatusAsync(ChannelStatusNotice status, CancellationToken cancellationToken) =>
        InReleaseChannelAsync(status.Channel, () => PostStatusAsync(status, cancellationToken), cancellationToken);

    /// <summary>A backlog of status lines as one message in the channel (outside the items' threads).</summary>
    public Task SendDigestAsync(IReadOnlyList<ChannelStatusNotice> lines, string target, CancellationToken cancellationToken) =>
        InReleaseChannelAsync(lines[0].Channel, () => PostAsync(lines[0].Channel, SlackMrkdwn.Plain(StatusDigest.Text(lines)), null, null, cancellationToken), cancellationToken);

    private async Task InReleaseChannelAsync(string channel, Func<Task> post, CancellationToken cancellationToken)
    {
        try
        {
            await post();
            return;
        }
        catch (DeliveryFailedException e) when (SlackApiException.Find(e)?.ErrorCode == "not_in_channel")
        {
            try
            {
                await api.JoinAsync(channel, cancellationToken);
            }
            catch (DeliveryFailedException join) when (join.Permanent)
            {
                throw DeliveryFailedException.Unreachable(
                    $"Slack channel {channel}: the bot is not in it and cannot join ({SlackApiException.Find(join)?.ErrorCode ?? join.Message}); invite the bot (/invite @SignOff), the line waits.");
            }
        }

        await post();
    }

    private async Task PostStatusAsync(ChannelStatusNotice status, CancellationToken cancellationToken)
    {
        var root = threads.RootOf(Platform, status.Channel, status.Item);
        var (_, ts) = await PostAsync(status.Channel, SlackMrkdwn.Plain(status.Text), null, root, cancellationToken, broadcast: status.Final);
        if (root is null)
        {
            threads.Remember(Platform, status.Channel, status.Item, ts);
        }
    }

    private async Task RequestAsync(ReviewRequestNotice notice, CancellationToken cancellationToken)
    {
        if (await DirectChannelAsync(notice.Person, cancellationToken) is { } channel)
        {
            await PostCardAsync(channel, notice.Item, notice.Person.Value, cancellationToken);
        }
    }

    /// <summary>
    /// The person's DM with the bot, or null when they are not in this Slack workspace. A user found by e-mail whom
    /// Slack no longer knows is forgotten and the delivery tried again (with a new lookup).
    /// </summary>
    private async Task<string?> DirectChannelAsync(PersonId personId, CancellationToken cancellationToken)
    {
        if (await people.ResolveUserIdAsync(personId.Value, cancellationToken) is not { } userId)
        {
            return null;
        }

        try
        {
            return await api.OpenConversationAsync(userId, cancellationToken);
        }
        catch (DeliveryFailedException e) when (SlackApiException.Find(e)?.ErrorCode is "user_not_found" or "user_disabled" && governance.Current.FindPerson(personId)?.SlackUserId is null)
        {
            people.ForgetFound(personId.Value);
            throw new DeliveryFailedException($"Slack user {userId} of {personId} is gone; looked up again on the retry.", permanent: false, null, e);
        }
    }

    /// <summary>
    /// A command's card, posted in the conversation it came from (and kept as a copy, redrawn on every change). Where the
    /// bot cannot post (a channel it is not in, a private one it was not invited to), the card goes back through the
    /// command's <c>response_url</c> instead, visible in the channel, as Slack's own answer to the command.
    /// </summary>
    private async Task AnswerWithCardAsync(PostCardNotice post, CancellationToken cancellationToken)
    {
        try
        {
            await PostCardAsync(post.Conversation, post.Item, post.Viewer, cancellationToken);
        }
        catch (DeliveryFailedException e) when (post.ReplyUrl is { } replyUrl && SlackApiException.Find(e)?.ErrorCode is "not_in_channel" or "channel_not_found")
        {
            if (store.FindItem(post.Item) is not { } item)
            {
                return;
            }

            var message = cards.For(item, post.Viewer) with { ResponseType = "in_channel" };
            await api.RespondAsync(replyUrl, message, cancellationToken);
        }
    }

    private async Task PostCardAsync(string channel, string itemKey, string? viewer, CancellationToken cancellationToken)
    {
        if (store.FindItem(itemKey) is not { } item)
        {
            return;
        }

        var message = cards.For(item, viewer);
        var (postedChannel, ts) = await PostAsync(channel, message.Text, message.Blocks, null, cancellationToken);
        copies.Add(itemKey, postedChannel, ts, viewer);
        staleCopies.RedrawIfChanged(itemKey, Drawn(message), now => Drawn(cards.For(now, viewer)));
    }

    private static string Drawn(SlackMessage message) => message.ToJson().ToJsonString();

    /// <summary>Redraws one stored copy; a copy that is gone (deleted message, channel the bot left) is forgotten.</summary>
    private async Task RefreshAsync(string itemKey, string? copyId, CancellationToken cancellationToken)
    {
        if (store.FindItem(itemKey) is not { } item || copyId is null || copies.Find(copyId) is not { } copy)
        {
            return;
        }

        await RedrawAsync(copyId, copy, cards.For(item, copy.Viewer), cancellationToken);
    }

    /// <summary>Redraws one stored copy of a bypass's request card (decided: no buttons; expired).</summary>
    private async Task RefreshBypassAsync(string bypassId, string? copyId, CancellationToken cancellationToken)
    {
        if (store.FindBypass(bypassId) is not { } bypass || copyId is null || copies.Find(copyId) is not { } copy)
        {
            return;
        }

        await RedrawAsync(copyId, copy, cards.For(bypass), cancellationToken);
    }

    private async Task RedrawAsync(string copyId, SlackCardCopyDocument copy, SlackMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await api.UpdateAsync(copy.Channel, copy.Ts, message.Text, message.Blocks, cancellationToken);
        }
        catch (DeliveryFailedException e) when (e.Permanent && IsGone(e.Message))
        {
            copies.Forget(copyId);
        }
    }

    private static bool IsGone(string error) =>
        error.Contains("message_not_found", StringComparison.Ordinal)
        || error.Contains("channel_not_found", StringComparison.Ordinal)
        || error.Contains("is_archived", StringComparison.Ordinal);

    private async Task BypassAsync(BypassRequestNotice notice, CancellationToken cancellationToken)
    {
        var bypass = store.FindBypass(notice.BypassId);
        if (bypass is null || bypass.Status != BypassStatus.Pending || await DirectChannelAsync(notice.Person, cancellationToken) is not { } channel)
        {
            return;
        }

        var message = cards.For(bypass);
        var (postedChannel, ts) = await PostAsync(channel, message.Text, message.Blocks, null, cancellationToken);
        copies.Add(Bypass.CardKey(bypass.Id), postedChannel, ts, notice.Person.Value);
    }

    /// <summary>A private line about an item, with a link to the person's own copy of its card (else a channel's copy).</summary>
    private async Task DirectTextAsync(PersonId person, string item, string text, CancellationToken cancellationToken)
    {
        if (await DirectChannelAsync(person, cancellationToken) is not { } channel)
        {
            return;
        }

        var line = SlackMrkdwn.Plain(text);
        if (await CardLinkAsync(item, person, cancellationToken) is { } link)
        {
            line += SlackMrkdwn.Plain(" ") + link;
        }

        await PostAsync(channel, line, null, null, cancellationToken);
    }

    private async Task<SlackMrkdwn?> CardLinkAsync(string item, PersonId person, CancellationToken cancellationToken)
    {
        var all = copies.Of(item);
        if ((all.LastOrDefault(c => c.Viewer == person.Value) ?? all.LastOrDefault(c => c.Viewer is null)) is not { } copy)
        {
            return null;
        }

        try
        {
            return SlackMrkdwn.Link(await api.PermalinkAsync(copy.Channel, copy.Ts, cancellationToken), "Open the card");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The link is a convenience: the line goes without it rather than wait for a retry.
            LogNoPermalink(e.Message, item, copy.Channel);
            return null;
        }
    }

    private async Task PostTextAsync(PostTextNotice notice, CancellationToken cancellationToken)
    {
        pacer.ClaimSlack(notice.Conversation);
        if (notice.OnlyFor is { } user)
        {
            try
            {
                await api.PostEphemeralAsync(notice.Conversation, user, SlackMrkdwn.Plain(notice.Text), null, cancellationToken);
            }
            catch (DeliveryFailedException e) when (notice.ReplyUrl is { } replyUrl
                && SlackApiException.Find(e)?.ErrorCode is "user_not_in_channel" or "not_in_channel" or "channel_not_found")
            {
                // Where the bot may not post, the press's own response_url still reaches the person, privately.
                await api.RespondAsync(replyUrl, SlackMessage.Ephemeral(notice.Text), cancellationToken);
            }
        }
        else
        {
            await api.PostMessageAsync(notice.Conversation, SlackMrkdwn.Plain(notice.Text), null, notice.ReplyTo, cancellationToken);
        }
    }

    /// <summary>
    /// A held file (a signed deploy-check) shared in the conversation its command came from. A direct message gets it in
    /// the person's own direct message with the bot (in a DM between people the bot cannot post); so does a channel the
    /// bot is not in, saying why. The held copy is dropped once it is shared.
    /// </summary>
    private async Task PostFileAsync(PostFileNotice notice, CancellationToken cancellationToken)
    {
        if (files.Find(notice.File) is not { } file || notice.User is not { } user || notice.Conversation is not { } conversation)
        {
            return;
        }

        var caption = SlackMrkdwn.Plain(notice.Caption);
        if (SlackPlatform.IsDirectMessage(conversation))
        {
            await UploadAsync(await api.OpenConversationAsync(user, cancellationToken), file, caption, cancellationToken);
        }
        else
        {
            try
            {
                await UploadAsync(conversation, file, caption, cancellationToken);
            }
            catch (DeliveryFailedException e) when (SlackApiException.Find(e)?.ErrorCode is "not_in_channel" or "channel_not_found")
            {
                var direct = await api.OpenConversationAsync(user, cancellationToken);
                await UploadAsync(direct, file, SlackMrkdwn.Plain("I cannot share files in the channel you asked in, so here it is. ") + caption, cancellationToken);
            }
        }

        files.Forget(file.Id);
    }

    private Task<string> UploadAsync(string channel, Chat.ChatFileDocument file, SlackMrkdwn caption, CancellationToken cancellationToken)
    {
        pacer.ClaimSlack(channel);
        return api.UploadFileAsync(channel, file.Name, file.Content, caption, cancellationToken);
    }

    /// <summary>chat.postMessage, paced per channel.</summary>
    private Task<(string Channel, string Ts)> PostAsync(string channel, SlackMrkdwn text, JsonArray? blocks, string? threadTs, CancellationToken cancellationToken, bool broadcast = false)
    {
        pacer.ClaimSlack(channel);
        return api.PostMessageAsync(channel, text, blocks, threadTs, cancellationToken, broadcast: broadcast);
    }

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "No permalink for the card of {Item} in Slack channel {Channel} ({Error}); the private line is sent without it")]
    private partial void LogNoPermalink(string error, string item, string channel);
}
