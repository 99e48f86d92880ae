namespace SignOffBot.Core.Workflow;

/// <summary>
/// What the host watches of every action <see cref="ActionRunner"/> runs, for its metrics, traces and logs: the core
/// says when an action starts and what it committed; what is recorded, and how, is the host's business.
/// </summary>
public interface IActionObserver
{
    /// <summary>
    /// Called on the caller's thread before the action's unit of work; the observation is disposed once the action
    /// returned or threw.
    /// </summary>
    IActionObservation Begin(ActionContext context);
}
