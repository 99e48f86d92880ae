using SignOffBot.Core.Notifications;

namespace SignOffBot.Host.Storage;

/// <summary>How one batch of the group commit plans the notices its units queue (<see cref="Outbox.IPlansNoticesAtCommit"/>).</summary>
internal sealed class NoticePlanning(Func<Notice, IReadOnlyList<(string Platform, string Target)>>? targets, bool noticesWait)
{
    // Once a notice waits (no planner, older notices not planned yet, or one the planner failed on), every later one of
    // the batch waits behind it: the dispatcher plans them in order, so each lane's deliveries keep their notices' order.
    private bool _wait = noticesWait || targets is null;

    /// <summary>The notice's deliveries' platforms and targets, or null when it is to be stored waiting for the dispatcher.</summary>
    public IReadOnlyList<(string Platform, string Target)>? TargetsOf(Notice notice)
    {
        if (_wait)
        {
            return null;
        }

        try
        {
            return targets!(notice);
        }
        catch (Exception)
        {
            // Stored waiting: the dispatcher plans it again and records why it fails.
            _wait = true;
            return null;
        }
    }
}
