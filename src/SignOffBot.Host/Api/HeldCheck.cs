using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.Api;

/// <summary>How a held deploy-check (<c>wait=</c>) ended (see <see cref="HeldDeployChecks"/>).</summary>
public abstract record HeldCheck
{
    private HeldCheck()
    {
    }

    /// <summary>
    /// Checked and recorded at the end of the wait: <paramref name="Result"/> is what <c>DeployService.Check</c> gave,
    /// after <paramref name="WaitedSeconds"/> whole seconds of the host's clock; <paramref name="TimedOut"/> when the time
    /// was up before the answer changed.
    /// </summary>
    public sealed record Answered(ActionResult<DeployAnswer> Result, int WaitedSeconds, bool TimedOut) : HeldCheck;

    /// <summary>Not held: the key, or the host, holds as many waits as it may. Nothing was checked or recorded.</summary>
    public sealed record Full(string Detail) : HeldCheck;

    /// <summary>The host began to stop while the check was held; nothing was recorded.</summary>
    public sealed record Stopping : HeldCheck;

    /// <summary>The client went away while the check was held; nothing was recorded, and no one is answered.</summary>
    public sealed record Abandoned : HeldCheck;
}
