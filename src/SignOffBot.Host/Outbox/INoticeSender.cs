using SignOffBot.Core.Notifications;

namespace SignOffBot.Host.Outbox;

/// <summary>One chat platform's delivery of notices (Teams, Slack, the playground).</summary>
public interface INoticeSender
{
    /// <summary>The platform name, as release channels name it (<c>teams</c>, <c>slack</c>).</summary>
    string Platform { get; }

    /// <summary>False when the platform is not configured: the outbox then neither plans nor sends anything for it.</summary>
    bool IsOn => true;

    /// <summary>
    /// Where <paramref name="notice"/> goes on this platform (see <see cref="DeliveryTarget"/>): one target per private
    /// conversation, release channel or stored card copy; none when the notice is not for this platform. Each target
    /// becomes a delivery of its own, so one failing never holds back another.
    /// </summary>
    IReadOnlyList<string> TargetsOf(Notice notice);

    /// <summary>Sends <paramref name="notice"/> to one of its targets. Called only while <see cref="IsOn"/>.</summary>
    Task SendAsync(Notice notice, string target, CancellationToken cancellationToken);
}
