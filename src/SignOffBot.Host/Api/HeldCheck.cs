using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Api;

/// <summary>How a held deploy-check (<c>wait=</c>) ended (see <see cref="HeldDeployChecks"/>).</summary>
public abstract record HeldCheck
{
    private HeldCheck()
    {
    }

    /// <summary>
    /// Checked and recorded at the end of the wait: <paramref name="Checked"/> is what <c>DeployService.CheckAudited</c>
    /// gave (with the check's own audit event, which an attestation cites), after <paramref name="WaitedSeconds"/> whole
    /// seconds of the host's clock; <paramref name="TimedOut"/> when the time was up before the answer changed.
    /// </summary>
    public sealed record Answered(AuditedResult<DeployAnswer> Checked, int WaitedSeconds, bool TimedOut) : HeldCheck
    {
        public ActionResult<DeployAnswer> Result => Checked.Result;
    }

    /// <summary>Not held: the key, or the host, holds as many waits as it may. Nothing was checked or recorded.</summary>
    public sealed record Full(string Detail) : HeldCheck;

    /// <summary>The host began to stop while the check was held; nothing was recorded.</summary>
    public sealed record Stopping : HeldCheck;

    /// <summary>The client went away while the check was held; nothing was recorded, and no one is answered.</summary>
    public sealed record Abandoned : HeldCheck;
}
