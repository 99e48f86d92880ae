namespace SignOffBot.Core.DeployChecks;

/// <summary>The post-incident review a granted bypass opens; closed by its owner with a link.</summary>
public sealed record IncidentReview(string Owner, DateTimeOffset DueAt, string? Link, string? ClosedBy, DateTimeOffset? ClosedAt)
{
    public bool IsOpen => ClosedAt is null;
}
