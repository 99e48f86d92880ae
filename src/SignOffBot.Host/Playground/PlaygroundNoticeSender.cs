using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Outcomes;
using SignOffBot.Host.Outbox;
using SignOffBot.Core.Conversations;

namespace SignOffBot.Host.Playground;

/// <summary>
/// Delivers notices in the playground: everyone of the directory is reachable there, so requests, bypass requests,
/// reminders and overdue notes land in the person's conversation with the bot, and each project's status lines in
/// its release channel (once per project, though the project may name a Slack and a Teams channel).
/// </summary>
public sealed class PlaygroundNoticeSender(PlaygroundSwitch playground, PlaygroundTimeline timeline, IGovernanceSource governance) : INoticeSender
{

    public string Platform => ChatPlatform.Playground;

    public bool IsOn => playground.IsOn;

    /// <summary>One target: the timeline, which holds every conversation of the playground.</summary>
    public IReadOnlyList<string> TargetsOf(Notice notice) =>
        Message(notice) is not null || notice is CardRefreshNotice ? [Timeline] : [];

    private const string Timeline = "timeline";

    public Task SendAsync(Notice notice, string target, CancellationToken cancellationToken)
    {
        if (Message(notice) is { } message)
        {
            timeline.Add(message);
        }
        else if (notice is CardRefreshNotice)
        {
            timeline.Changed();
        }

        return Task.CompletedTask;
    }

    private PlaygroundMessageDocument? Message(Notice notice) => notice switch
    {
        ReviewRequestNotice request => new()
        {
            Conversation = PlaygroundTimeline.Direct(request.Person.Value),
            Text = $"Review requested: {request.Item}, {(request.Slot.IsFinal ? "final approval" : request.Slot.Name)}.",
            Item = request.Item,
            Viewer = request.Person.Value,
        },
        BypassRequestNotice bypass => new()
        {
            Conversation = PlaygroundTimeline.Direct(bypass.Person.Value),
            Text = "Emergency bypass requested.",
            Bypass = bypass.BypassId,
        },
        ReminderNotice reminder => Private(reminder.Person, NoticeTexts.Reminder(reminder)),
        OverdueNotice overdue => Private(overdue.Person, NoticeTexts.Overdue(overdue, governance.Current)),
        PrivateTextNotice line => Private(line.Person, line.Text),
        ChannelStatusNotice status when FirstReleaseChannel(status) is { } project => new() { Conversation = PlaygroundTimeline.Channel(project), Text = ReaderTime.InUtc(status.Text) },
        _ => null,
    };

    /// <summary>A line in the person's own conversation, its times in their time zone, as Teams writes a private text.</summary>
    private PlaygroundMessageDocument Private(PersonId person, string text) =>
        new() { Conversation = PlaygroundTimeline.Direct(person.Value), Text = ReaderTime.For(text, person.Value, governance.Current) };

    private string? FirstReleaseChannel(ChannelStatusNotice status) =>
        ItemKey.TryParse(status.Item, out var key)
        && governance.Current.FindProject(key.Project) is { } project
        && project.ReleaseChannels.FirstOrDefault() is { } first
        && first.Platform == status.Platform && first.Id == status.Channel
            ? project.Key
            : null;
}
