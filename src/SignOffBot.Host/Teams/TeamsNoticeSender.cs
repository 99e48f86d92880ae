using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Teams.Payloads;
using SignOffBot.Host.Teams.Connector;
using SignOffBot.Host.Teams.Conversations;
using SignOffBot.Core.Conversations;

namespace SignOffBot.Host.Teams;

/// <summary>
/// Delivers notices in Teams: review requests as 1:1 cards (a reviewer the bot cannot reach privately is
/// @mentioned in the release channel instead), status lines to release channels, and every posted copy of a
/// card redrawn in place after an answer.
/// </summary>
public sealed class TeamsNoticeSender(
    Microsoft.Extensions.Options.IOptions<TeamsOptions> options,
    IGovernanceSource governance,
    ISignOffStore store,
    StaleCopies staleCopies,
    TeamsConversations conversations,
    TeamsCards cards,
    Chat.ReleaseThreads threads,
    BotConnectorClient connector,
    ConversationPacer pacer,
    Chat.ChatFiles files,
    FileUploadClient uploads,
    TimeProvider time) : INoticeSender, IStatusDigestSender
{
    public string Platform => ChatPlatform.Teams;

    public bool IsOn => options.Value.IsOn;

    public IReadOnlyList<string> TargetsOf(Notice notice) => notice switch
    {
        ReviewRequestNotice n => PersonTarget(n.Person),
        BypassRequestNotice n => PersonTarget(n.Person),
        ReminderNotice n => PersonTarget(n.Person),
        OverdueNotice n => PersonTarget(n.Person),
        PrivateTextNotice n => PersonTarget(n.Person),
        ChannelStatusNotice { Platform: ChatPlatform.Teams } n => [DeliveryTarget.Channel(n.Channel)],
        PostCardNotice { Platform: ChatPlatform.Teams } n => [DeliveryTarget.Conversation(n.Conversation)],
        PostTextNotice { Platform: ChatPlatform.Teams } n => [DeliveryTarget.Conversation(n.Conversation)],
        PostFileNotice { Platform: ChatPlatform.Teams } n => n.Conversation is { } conversation ? [DeliveryTarget.Conversation(conversation)] : PersonTarget(n.Person),
        UploadFileNotice { Platform: ChatPlatform.Teams } n => [DeliveryTarget.Conversation(n.Conversation)],
        CardRefreshNotice n => [.. conversations.CopiesOf(n.Item).Select(c => DeliveryTarget.Copy(c.Id!.ToString()))],
        BypassRefreshNotice n => [.. conversations.CopiesOf(Bypass.CardKey(n.BypassId)).Select(c => DeliveryTarget.Copy(c.Id!.ToString()))],
        _ => [],
    };

    public Task SendAsync(Notice notice, string target, CancellationToken cancellationToken) => notice switch
    {
        ReviewRequestNotice request => RequestAsync(request, cancellationToken),
        ChannelStatusNotice status => StatusAsync(status, cancellationToken),
        CardRefreshNotice refresh => RefreshAsync(refresh, DeliveryTarget.IdOf(target, DeliveryTarget.CopyPrefix), cancellationToken),
        BypassRequestNotice bypass => BypassAsync(bypass, cancellationToken),
        BypassRefreshNotice refresh => RefreshBypassAsync(refresh.BypassId, DeliveryTarget.IdOf(target, DeliveryTarget.CopyPrefix), cancellationToken),
        ReminderNotice reminder => PrivateTextAsync(reminder.Person, NoticeTexts.Reminder(reminder), cancellationToken),
        OverdueNotice overdue => PrivateTextAsync(overdue.Person, NoticeTexts.Overdue(overdue, governance.Current), cancellationToken),
        PrivateTextNotice line => PrivateTextAsync(line.Person, line.Text, cancellationToken),
        PostCardNotice answer => AnswerWithCardAsync(answer, cancellationToken),
        PostTextNotice answer => AnswerAsync(ServiceUrlOf(answer.ReplyUrl), answer.Conversation, answer.ReplyTo, Activity.PlainText(answer.Text), cancellationToken),
        PostFileNotice offer => OfferFileAsync(offer, cancellationToken),
        UploadFileNotice upload => UploadFileAsync(upload, cancellationToken),
        _ => Task.CompletedTask,
    };

    /// <summary>A person with a Teams account (reachable now or once the bot learns them).</summary>
    private IReadOnlyList<string> PersonTarget(PersonId personId) =>
        governance.Current.FindPerson(personId)?.TeamsAadObjectId is not null || UserOf(personId) is not null
            ? [DeliveryTarget.Person(personId)]
            : [];

    private async Task RequestAsync(ReviewRequestNotice notice, CancellationToken cancellationToken)
    {
        if (store.FindItem(notice.Item) is not { } item)
        {
            return;
        }

        var person = governance.Current.FindPerson(notice.Person);
        var chat = await PersonalChatAsync(notice.Person, cancellationToken);
        if (chat is null)
        {
            if (person?.TeamsAadObjectId is not null)
            {
                await MentionInReleaseChannelAsync(item, person, notice.Slot.Name, cancellationToken);
            }

            return;
        }

        var card = cards.For(item, notice.Person.Value);
        var id = await SendAsync(chat, Activity.Card(card, $"Review requested: {item.Key}"), cancellationToken);
        if (id is not null)
        {
            conversations.AddCopy(notice.Item, chat.ServiceUrl, chat.ConversationId!, id, notice.Person.Value);
            staleCopies.RedrawIfChanged(notice.Item, card.ToJsonString(), now => cards.For(now, notice.Person.Value).ToJsonString());
        }
    }

    /// <summary>A backlog of status lines as one new post in the channel (outside the items' threads).</summary>
    public async Task SendDigestAsync(IReadOnlyList<ChannelStatusNotice> lines, string target, CancellationToken cancellationToken) =>
        await SendAsync(ReleaseChannel(lines[0].Channel), Activity.PlainText(StatusDigest.Text(lines)), cancellationToken);

    private TeamsReferenceDocument ReleaseChannel(string id) =>
        conversations.Channel(id)
            ?? throw DeliveryFailedException.Unreachable($"Teams channel {id} is not reachable yet: add the bot to its team (the message waits in the outbox).");

    private async Task StatusAsync(ChannelStatusNotice notice, CancellationToken cancellationToken)
    {
        var channel = ReleaseChannel(notice.Channel);
        // The item's first line starts a post in the channel; later ones reply in its thread (a new one if the first
        // post was deleted).
        var line = Activity.PlainText(notice.Text);
        if (threads.RootOf(Platform, notice.Channel, notice.Item) is { } root)
        {
            try
            {
                pacer.ClaimTeams(channel.ConversationId!);
                await connector.SendToConversationAsync(channel.ServiceUrl, $"{channel.ConversationId};messageid={root}", line, cancellationToken);
                return;
            }
            catch (DeliveryFailedException e) when (e.StatusCode == 404)
            {
                threads.Forget(Platform, notice.Channel, notice.Item);
            }
        }

        if (await SendAsync(channel, line, cancellationToken) is { } id)
        {
            threads.Remember(Platform, notice.Channel, notice.Item, id);
        }
    }

    /// <summary>A command answered with an item's card: a reply to the command, kept as a copy redrawn when the item changes.</summary>
    private async Task AnswerWithCardAsync(PostCardNotice answer, CancellationToken cancellationToken)
    {
        if (store.FindItem(answer.Item) is not { } item)
        {
            return;
        }

        var serviceUrl = ServiceUrlOf(answer.ReplyUrl);
        var drawn = cards.For(item, answer.Viewer);
        var card = Activity.Card(drawn, answer.Summary);
        if (await AnswerAsync(serviceUrl, answer.Conversation, answer.ReplyTo, card, cancellationToken) is { } id)
        {
            conversations.AddCopy(answer.Item, serviceUrl, answer.Conversation, id, answer.Viewer);
            staleCopies.RedrawIfChanged(answer.Item, drawn.ToJsonString(), now => cards.For(now, answer.Viewer).ToJsonString());
        }
    }

    /// <summary>
    /// A held file offered with a file consent card in the person's personal chat with the bot: the chat the command came
    /// from, else one opened proactively (Teams lets a bot upload files only there, and only once the person accepts).
    /// </summary>
    private async Task OfferFileAsync(PostFileNotice offer, CancellationToken cancellationToken)
    {
        if (files.Find(offer.File) is null)
        {
            return;
        }

        // The card is for its person alone: its times in their own time zone.
        var description = ReaderTime.For(offer.Caption, offer.Person.Value, governance.Current);
        var card = new Activity { Type = "message", Summary = offer.Name, Attachments = [TeamsFileCards.Consent(offer.Name, offer.Size, description, offer.File)] };
        if (offer.Conversation is { } conversation)
        {
            await AnswerAsync(ServiceUrlOf(offer.ReplyUrl), conversation, offer.ReplyTo, card, cancellationToken);
            return;
        }

        var chat = await PersonalChatAsync(offer.Person, cancellationToken)
            ?? throw DeliveryFailedException.Unreachable($"The personal chat of {offer.Person} is not reachable yet (the file offer waits in the outbox).");
        await SendAsync(chat, card, cancellationToken);
    }

    /// <summary>
    /// A file the person accepted: its bytes written where Teams said (once, even when the message after it is retried),
    /// then the file card in their chat; the held copy is dropped.
    /// </summary>
    private async Task UploadFileAsync(UploadFileNotice upload, CancellationToken cancellationToken)
    {
        if (files.Find(upload.File) is not { } file)
        {
            return;
        }

        if (!file.Uploaded)
        {
            await uploads.PutAsync(upload.UploadUrl, file.Content, cancellationToken);
            files.MarkUploaded(file);
        }

        var sent = new Activity
        {
            Type = "message",
            Text = $"Here is {upload.Name}.",
            TextFormat = "plain",
            Attachments = [TeamsFileCards.Info(upload.Name, upload.ContentUrl, upload.UniqueId, upload.FileType)],
        };
        await AnswerAsync(ServiceUrlOf(upload.ReplyUrl), upload.Conversation, null, sent, cancellationToken);
        files.Forget(file.Id);
    }

    private static string ServiceUrlOf(string? replyUrl) =>
        replyUrl ?? throw new DeliveryFailedException("A Teams answer without the serviceUrl it came from cannot be sent.", permanent: true);

    /// <summary>A reply to the activity <paramref name="replyTo"/> (a new message when there is none) in the conversation it came from.</summary>
    private Task<string?> AnswerAsync(string serviceUrl, string conversation, string? replyTo, Activity answer, CancellationToken cancellationToken)
    {
        pacer.ClaimTeams(conversation);
        return replyTo is null
            ? connector.SendToConversationAsync(serviceUrl, conversation, answer, cancellationToken)
            : connector.ReplyToActivityAsync(serviceUrl, conversation, replyTo, answer with { ReplyToId = replyTo }, cancellationToken);
    }

    /// <summary>Redraws one stored copy; a copy that is gone (deleted message, conversation the bot left) is forgotten.</summary>
    private async Task RefreshAsync(CardRefreshNotice notice, string? copyId, CancellationToken cancellationToken)
    {
        if (store.FindItem(notice.Item) is not { } item || copyId is null || conversations.Copy(copyId) is not { } copy)
        {
            return;
        }

        await RedrawAsync(copyId, copy, Activity.Card(cards.For(item, copy.Viewer), $"{item.Key} updated"), cancellationToken);
    }

    /// <summary>Redraws one stored copy of a bypass's request card (decided: no buttons; expired).</summary>
    private async Task RefreshBypassAsync(string bypassId, string? copyId, CancellationToken cancellationToken)
    {
        if (store.FindBypass(bypassId) is not { } bypass || copyId is null || conversations.Copy(copyId) is not { } copy)
        {
            return;
        }

        var card = cards.For(bypass);
        await RedrawAsync(copyId, copy, Activity.Card(card, $"Emergency bypass {bypass.StatusAt(time.GetUtcNow())}: {bypass.Item}"), cancellationToken);
    }

    private async Task RedrawAsync(string copyId, TeamsCardCopyDocument copy, Activity card, CancellationToken cancellationToken)
    {
        try
        {
            await connector.UpdateActivityAsync(copy.ServiceUrl, copy.ConversationId, copy.ActivityId, card with { Id = copy.ActivityId }, cancellationToken);
        }
        catch (DeliveryFailedException e) when (e.TargetGone)
        {
            conversations.ForgetCopy(copyId);
        }
    }

    private async Task BypassAsync(BypassRequestNotice notice, CancellationToken cancellationToken)
    {
        var bypass = store.FindBypass(notice.BypassId);
        if (bypass is null || bypass.Status != BypassStatus.Pending || await PersonalChatAsync(notice.Person, cancellationToken) is not { } chat)
        {
            return;
        }

        var card = cards.For(bypass);
        if (await SendAsync(chat, Activity.Card(card, $"Emergency bypass requested: {bypass.Item}"), cancellationToken) is { } id)
        {
            conversations.AddCopy(Bypass.CardKey(bypass.Id), chat.ServiceUrl, chat.ConversationId!, id, notice.Person.Value);
        }
    }

    /// <summary>
    /// A private line to a person the bot can reach in Teams, its times in the person's own time zone (a plain text
    /// message cannot show them in the reader's time); someone known only elsewhere is left to that platform.
    /// </summary>
    private async Task PrivateTextAsync(PersonId person, string text, CancellationToken cancellationToken)
    {
        if (await PersonalChatAsync(person, cancellationToken) is { } chat)
        {
            await SendAsync(chat, Activity.PlainText(ReaderTime.For(text, person.Value, governance.Current)), cancellationToken);
        }
    }

    private async Task MentionInReleaseChannelAsync(Item item, Person person, string slot, CancellationToken cancellationToken)
    {
        var project = governance.Current.FindProject(item.Key.Project);
        foreach (var release in project?.ReleaseChannels.Where(c => c.Platform == Platform) ?? [])
        {
            var user = UserOf(new PersonId(person.Id));
            var channel = conversations.Channel(release.Id)
                ?? throw DeliveryFailedException.Unreachable($"Teams channel {release.Id} is not reachable yet (the message waits in the outbox).");
            var mention = $"<at>{person.Name}</at>";
            var text = $"{mention}: your review of {item.Key} ({slot}) is requested. I cannot message you privately yet; send me any message in a 1:1 chat, or type 'status {item.Key}' here.";
            // The roster's user id, else the Entra object id (Teams accepts both), so the person is notified.
            var mentioned = user?.UserId ?? person.TeamsAadObjectId;
            var entities = mentioned is not null
                ? new List<Entity> { new() { Type = "mention", Text = mention, Mentioned = new ChannelAccount { Id = mentioned, Name = person.Name } } }
                : null;
            await SendAsync(channel, new Activity { Type = "message", Text = entities is null ? text.Replace(mention, person.Name, StringComparison.Ordinal) : text, Entities = entities }, cancellationToken);
        }
    }

    /// <summary>
    /// Posts into a stored conversation. One the connector says is gone for the bot (404 ConversationNotFound, 403
    /// BotNotInConversationRoster or MessageWritesBlocked) is forgotten, and the delivery waits as unreachable until the
    /// bot learns the conversation again (the next activity there, or the team's roster read when it is added again).
    /// </summary>
    private async Task<string?> SendAsync(TeamsReferenceDocument conversation, Activity activity, CancellationToken cancellationToken)
    {
        pacer.ClaimTeams(conversation.ConversationId!);
        try
        {
            return await connector.SendToConversationAsync(conversation.ServiceUrl, conversation.ConversationId!, activity, cancellationToken);
        }
        catch (DeliveryFailedException e) when (e.TargetGone)
        {
            conversations.Forget(conversation.Id);
            throw DeliveryFailedException.Unreachable($"Teams conversation {conversation.ConversationId} is no longer reachable ({e.Message}); it waits until the bot learns it again.");
        }
    }

    /// <summary>The person's 1:1 chat with the bot, opened proactively (with the tenant id) when the bot has seen the user.</summary>
    private async Task<TeamsReferenceDocument?> PersonalChatAsync(PersonId personId, CancellationToken cancellationToken)
    {
        var pin = PinOf(personId);
        if (conversations.Personal(personId.Value) is { ConversationId: not null } known && Usable(known, pin))
        {
            return known;
        }

        if (UserOf(personId) is not { UserId: not null } user)
        {
            return null;
        }

        var parameters = ConversationParameters.Personal(options.Value.AppId, user.UserId, user.TenantId ?? options.Value.TenantId);
        var created = await connector.CreateConversationAsync(user.ServiceUrl, parameters, cancellationToken);
        conversations.SavePersonal(personId.Value, user, created.ConversationId, replaceObject: pin is not null);
        return conversations.Personal(personId.Value) is { } saved && Usable(saved, pin) ? saved : null;
    }

    /// <summary>A Teams user the bot has seen who is this person, and may still be reached as them.</summary>
    private TeamsReferenceDocument? UserOf(PersonId personId)
    {
        var pin = PinOf(personId);
        return conversations.Users(personId.Value).FirstOrDefault(u => Usable(u, pin));
    }

    private string? PinOf(PersonId personId) => governance.Current.FindPerson(personId)?.TeamsAadObjectId;

    // What was stored before Teams:AllowedTenants or the person's object id in the directory changed is not used to
    // reach them: a card never goes to an account the bot would no longer take for that person.
    private bool Usable(TeamsReferenceDocument reference, string? pin) =>
        (reference.TenantId is null || options.Value.AllowsTenant(reference.TenantId))
        && (pin is null || reference.AadObjectId is null || TeamsPeople.SameObject(reference.AadObjectId, pin));
}
