using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Workflow;

/// <summary>One action being watched (see <see cref="IActionObserver"/>).</summary>
public interface IActionObservation : IDisposable
{
    /// <summary>
    /// The action's result once its unit of work is committed and durable: applied, unchanged, refused, or a repeated
    /// delivery answered from its record (<see cref="ActionResult{T}.Repeated"/>). Not called when the unit threw.
    /// </summary>
    void Committed<T>(ActionResult<T> result);
}
