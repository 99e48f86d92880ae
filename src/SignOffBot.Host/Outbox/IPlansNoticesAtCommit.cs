using SignOffBot.Core.Notifications;

namespace SignOffBot.Host.Outbox;

/// <summary>
/// A store that turns the notices a unit of work queues into their deliveries in that same unit, instead of storing
/// each notice for the dispatcher to read back and plan in a write of its own. Notices it cannot plan so (no planner
/// yet, a planner that failed, older notices still waiting) are stored waiting and planned by the dispatcher as before.
/// </summary>
public interface IPlansNoticesAtCommit
{
    /// <summary>From now on, the notices of every unit of work are planned with <paramref name="targets"/>.</summary>
    void PlanNoticesWith(Func<Notice, IReadOnlyList<(string Platform, string Target)>> targets);
}
