namespace SignOffBot.Core.Outcomes;

/// <summary>The action names of audit events.</summary>
public static class AuditActions
{
    public const string ItemRegistered = "item-registered";
    public const string FeedbackRequested = "feedback-requested";
    public const string Feedback = "feedback";
    public const string FinalApprovalRequested = "final-approval-requested";
    public const string FinalDecision = "final-decision";
    public const string Delegated = "delegated";
    public const string DeployCheck = "deploy-check";
    public const string DeployWarningConfirmed = "deploy-warning-confirmed";
    public const string BypassRequested = "bypass-requested";
    public const string BypassGranted = "bypass-granted";
    public const string BypassDenied = "bypass-denied";
    public const string IncidentReviewClosed = "incident-review-closed";
    public const string EvidenceChanged = "evidence-changed";
    public const string Withdrawn = "withdrawn";
    public const string ReRequested = "re-requested";
    public const string Revoked = "approval-revoked";
    public const string Recertify = "recertification-requested";
}
