using SignOffBot.Core.Notifications;

namespace SignOffBot.Host.Outbox;

/// <summary>One chat platform's delivery of notices (Teams, Slack, the playground).</summary>
public interface INoticeSender
{
    /// <summary>The platform name, as release channels name it (<c>teams</c>, <c>slack</c>).</summary>
    string Platform { get; }

    /// <summary>False when the platform is not configured: the outbox then neither tries nor counts it.</summary>
    bool IsOn => true;

    /// <summary>
    /// Sends the notice, or does nothing when it is not for this platform (a person not known there). Called only
    /// while <see cref="IsOn"/>.
    /// </summary>
    Task SendAsync(Notice notice, CancellationToken cancellationToken);
}
