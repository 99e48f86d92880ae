using Microsoft.Extensions.Options;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Slack.BlockKit;
using SignOffBot.Host.Slack.WebApi;

namespace SignOffBot.Host.Slack;

/// <summary>
/// Delivers notices in Slack: review requests as DMs with the card and the reviewer's buttons, status lines in
/// release channels, command answers, and every posted copy of a card redrawn with chat.update after an answer.
/// </summary>
public sealed class SlackNoticeSender(
    IOptionsMonitor<SlackOptions> options,
    IGovernanceSource governance,
    ISignOffStore store,
    SlackPeople people,
    SlackCardCopies copies,
    SlackApiClient api) : INoticeSender
{
    public string Platform => SlackPlatform.Name;

    public bool IsOn => options.CurrentValue.IsOn;

    public Task SendAsync(Notice notice, CancellationToken cancellationToken) => notice switch
    {
        ReviewRequestNotice request => RequestAsync(request, cancellationToken),
        ChannelStatusNotice { Platform: SlackPlatform.Name } status => api.PostMessageAsync(status.Channel, status.Text, null, null, cancellationToken),
        CardRefreshNotice refresh => RefreshAsync(refresh.Item, cancellationToken),
        BypassRequestNotice bypass => BypassAsync(bypass, cancellationToken),
        PostCardNotice { Platform: SlackPlatform.Name } post => PostCardAsync(post.Conversation, post.Item, post.Viewer, cancellationToken),
        PostTextNotice { Platform: SlackPlatform.Name } text => PostTextAsync(text, cancellationToken),
        ReminderNotice reminder => DirectTextAsync(reminder.Person, NoticeTexts.Reminder(reminder), cancellationToken),
        OverdueNotice overdue => DirectTextAsync(overdue.Person, NoticeTexts.Overdue(overdue, governance.Current), cancellationToken),
        _ => Task.CompletedTask,
    };

    private async Task RequestAsync(ReviewRequestNotice notice, CancellationToken cancellationToken)
    {
        if (people.SlackUserIdOf(notice.Person) is not { } userId)
        {
            return;
        }

        var channel = await api.OpenConversationAsync(userId, cancellationToken);
        await PostCardAsync(channel, notice.Item, notice.Person, cancellationToken);
    }

    private async Task PostCardAsync(string channel, string itemKey, string? viewer, CancellationToken cancellationToken)
    {
        if (store.FindItem(itemKey) is not { } item)
        {
            return;
        }

        var message = SignOffBlocks.Message(SignOffViews.For(item, governance.Current, viewer));
        var (postedChannel, ts) = await api.PostMessageAsync(channel, (string)message["text"]!, message["blocks"]!.AsArray(), null, cancellationToken);
        copies.Add(itemKey, postedChannel, ts, viewer);
    }

    private async Task RefreshAsync(string itemKey, CancellationToken cancellationToken)
    {
        if (store.FindItem(itemKey) is not { } item)
        {
            return;
        }

        foreach (var copy in copies.Of(itemKey))
        {
            var message = SignOffBlocks.Message(SignOffViews.For(item, governance.Current, copy.Viewer));
            await api.UpdateAsync(copy.Channel, copy.Ts, (string)message["text"]!, message["blocks"]!.AsArray(), cancellationToken);
        }
    }

    private async Task BypassAsync(BypassRequestNotice notice, CancellationToken cancellationToken)
    {
        var bypass = store.Transact(session => session.FindBypass(notice.BypassId));
        if (bypass is null || bypass.Status != BypassStatus.Pending || people.SlackUserIdOf(notice.Person) is not { } userId)
        {
            return;
        }

        var directory = governance.Current;
        var onCall = string.Join(", ", directory.FindProject(bypass.Item.Project)?.OnCallApprovers.Select(directory.Describe) ?? []);
        var message = BypassBlocks.Message(bypass, directory.DisplayName(bypass.RequestedBy), onCall);
        var channel = await api.OpenConversationAsync(userId, cancellationToken);
        await api.PostMessageAsync(channel, (string)message["text"]!, message["blocks"]!.AsArray(), null, cancellationToken);
    }

    private async Task DirectTextAsync(string person, string text, CancellationToken cancellationToken)
    {
        if (people.SlackUserIdOf(person) is { } userId)
        {
            var channel = await api.OpenConversationAsync(userId, cancellationToken);
            await api.PostMessageAsync(channel, text, null, null, cancellationToken);
        }
    }

    private Task PostTextAsync(PostTextNotice notice, CancellationToken cancellationToken) => notice.OnlyFor is { } user
        ? api.PostEphemeralAsync(notice.Conversation, user, notice.Text, null, cancellationToken)
        : api.PostMessageAsync(notice.Conversation, notice.Text, null, notice.ThreadTs, cancellationToken);
}
