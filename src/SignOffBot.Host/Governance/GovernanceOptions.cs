namespace SignOffBot.Host.Governance;

/// <summary>The <c>Governance</c> configuration section (SPEC section 7).</summary>
public sealed class GovernanceOptions
{
    public const string Section = "Governance";

    public List<PersonOptions> People { get; set; } = [];

    public List<GroupOptions> Groups { get; set; } = [];

    public List<ProjectOptions> Projects { get; set; } = [];

    public List<InfrastructureOptions> Infrastructures { get; set; } = [];
}

public sealed class PersonOptions
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? SlackUserId { get; set; }

    public string? TeamsAadObjectId { get; set; }

    public string? TimeZone { get; set; }
}

public sealed class GroupOptions
{
    public string? Id { get; set; }

    public List<string> Members { get; set; } = [];
}

public sealed class ProjectOptions
{
    public string? Key { get; set; }

    public string? Name { get; set; }

    public List<string> Owners { get; set; } = [];

    public List<string> Members { get; set; } = [];

    public List<FeedbackOptions> Feedback { get; set; } = [];

    public string? FinalApprover { get; set; }

    /// <summary>People (or <c>group:&lt;id&gt;</c>) the final slot may also be delegated to, besides the final approver.</summary>
    public List<string> FinalDelegates { get; set; } = [];

    public List<string> OnCallApprovers { get; set; } = [];

    public List<ReleaseChannelOptions> ReleaseChannels { get; set; } = [];

    public PolicyOptions Policy { get; set; } = new();
}

public sealed class FeedbackOptions
{
    public string? Category { get; set; }

    public List<string> Assignees { get; set; } = [];
}

public sealed class ReleaseChannelOptions
{
    public string? Platform { get; set; }

    public string? Id { get; set; }
}

public sealed class PolicyOptions
{
    public LevelPolicyOptions Low { get; set; } = new();

    public LevelPolicyOptions Medium { get; set; } = new();

    public LevelPolicyOptions High { get; set; } = new();
}

public sealed class LevelPolicyOptions
{
    public List<string> RequiredCategories { get; set; } = [];

    public bool BlockOnMajorIssue { get; set; }

    public List<string> RequiredEvidence { get; set; } = [];

    public int MinFeedbackApprovals { get; set; }

    /// <summary>How long an approval counts for deploy-checks (e.g. 180.00:00:00); none: for ever.</summary>
    public TimeSpan? ApprovalValidFor { get; set; }
}

public sealed class InfrastructureOptions
{
    public string? Key { get; set; }

    public string? Policy { get; set; }
}
