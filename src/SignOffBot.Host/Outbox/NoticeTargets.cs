using SignOffBot.Core.Notifications;

namespace SignOffBot.Host.Outbox;

/// <summary>
/// Where a notice goes: a (platform, target) for each target that each platform that is on names for it
/// (<see cref="INoticeSender.TargetsOf"/>); each becomes a delivery of its own.
/// </summary>
public sealed class NoticeTargets(IEnumerable<INoticeSender> senders)
{
    private readonly INoticeSender[] _senders = [.. senders];

    /// <param name="donePlatforms">Platforms that already took the notice (records of an older version): not planned again.</param>
    public IReadOnlyList<(string Platform, string Target)> Of(Notice notice, IReadOnlyCollection<string>? donePlatforms = null) =>
        [.. _senders
            .Where(s => s.IsOn && donePlatforms?.Contains(s.Platform) != true)
            .SelectMany(s => s.TargetsOf(notice).Select(target => (s.Platform, target)))];
}
