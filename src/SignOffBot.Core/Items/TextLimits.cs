using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

/// <summary>
/// The longest text each surface may hand the domain. Whatever comes in is stored in the audit trail for good and
/// shown in chat, so the limits are the domain's, the same for Slack, Teams, the playground and the HTTP API.
/// </summary>
public static class TextLimits
{
    /// <summary>Comments on feedback answers and final decisions.</summary>
    public const int Comment = 2000;

    /// <summary>The reason given when confirming a deployment warning.</summary>
    public const int Reason = 2000;

    /// <summary>An incident ticket id, such as INC-311.</summary>
    public const int Incident = 64;

    /// <summary>An item's name (<c>churn-xgb</c>).</summary>
    public const int Name = 100;

    /// <summary>An item's version (<c>7</c>).</summary>
    public const int Version = 100;

    /// <summary>The refusal for a (trimmed) comment over its limit or holding a NUL character, or null.</summary>
    public static RuleViolation? CommentRefusal(string comment) =>
        comment.Length > Comment ? Rules.CommentTooLong(comment.Length) : NulRefusal("A comment", comment);

    /// <summary>The refusal for a (trimmed) reason over its limit or holding a NUL character, or null.</summary>
    public static RuleViolation? ReasonRefusal(string reason) =>
        reason.Length > Reason ? Rules.ReasonTooLong(reason.Length) : NulRefusal("A reason", reason);

    /// <summary>The refusal for a (trimmed) incident id over its limit or holding a NUL character, or null.</summary>
    public static RuleViolation? IncidentRefusal(string incident) =>
        incident.Length > Incident ? Rules.IncidentTooLong(incident.Length) : NulRefusal("An incident id", incident);

    // No text keeps a NUL: PostgreSQL stores none (in text or jsonb), and what one store records every store must.
    private static RuleViolation? NulRefusal(string what, string text) => text.Contains('\0', StringComparison.Ordinal) ? Rules.NulCharacter(what) : null;
}
