using System.Text.Json.Serialization;

namespace SignOffBot.Host.Attestation;

/// <summary>
/// The predicate <c>https://signoffbot.dev/deploy-check/v1</c>: the answer of one deploy-check as the host gave and
/// audited it. Its own records, not the API's views, so the signed format changes only with a new predicate type.
/// Times are ISO 8601 UTC with milliseconds and a Z, as in the audit trail.
/// </summary>
public sealed record DeployCheckPredicate(
    [property: JsonPropertyName("item")] string Item,
    [property: JsonPropertyName("infrastructure")] string Infrastructure,
    [property: JsonPropertyName("decision")] string Decision,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("policy")] string Policy,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("approvedBy")] string? ApprovedBy,
    [property: JsonPropertyName("approvedAt")] string? ApprovedAt,
    [property: JsonPropertyName("approvals")] IReadOnlyList<PredicateApproval> Approvals,
    [property: JsonPropertyName("bypass")] PredicateBypass? Bypass,
    [property: JsonPropertyName("confirmation")] PredicateConfirmation? Confirmation,
    [property: JsonPropertyName("checkedAt")] string CheckedAt,
    [property: JsonPropertyName("checkedBy")] string CheckedBy,
    [property: JsonPropertyName("audit")] PredicateAudit Audit)
{
    public const string Type = "https://signoffbot.dev/deploy-check/v1";
}

/// <summary>An approval that counts in the sign-off: <c>slot</c> is <c>final</c> or the feedback category.</summary>
public sealed record PredicateApproval(
    [property: JsonPropertyName("slot")] string Slot,
    [property: JsonPropertyName("by")] string By,
    [property: JsonPropertyName("at")] string At);

/// <summary>The emergency bypass the decision rests on.</summary>
public sealed record PredicateBypass(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("incident")] string Incident,
    [property: JsonPropertyName("requestedBy")] string RequestedBy,
    [property: JsonPropertyName("grantedBy")] string? GrantedBy,
    [property: JsonPropertyName("grantedAt")] string? GrantedAt,
    [property: JsonPropertyName("expiresAt")] string? ExpiresAt);

/// <summary>The explicit confirmation of a warning, when there is one.</summary>
public sealed record PredicateConfirmation(
    [property: JsonPropertyName("by")] string By,
    [property: JsonPropertyName("at")] string At,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>The check's own audit event: its sequence number and hash in the chain (SPEC section 6).</summary>
public sealed record PredicateAudit(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("hash")] string Hash);
