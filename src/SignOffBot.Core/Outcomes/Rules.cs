using System.Globalization;
using SignOffBot.Core.Items;

namespace SignOffBot.Core.Outcomes;

/// <summary>Every rule that can refuse an action, named as the SPEC states it.</summary>
public static class Rules
{
    public static RuleViolation UnknownItem(string key) =>
        new("unknown-item", RefusalKind.NotFound, $"There is no item {key}. Items are keyed {ItemKey.Form}, e.g. fraud-detection/churn-xgb@7.");

    public static RuleViolation UnknownProject(string key) =>
        new("unknown-project", RefusalKind.NotFound, $"There is no governed project '{key}'.");

    public static RuleViolation UnknownInfrastructure(string key, IEnumerable<string> known) =>
        new("unknown-infrastructure", RefusalKind.NotFound, $"There is no infrastructure '{key}'. Known: {string.Join(", ", known)}.");

    public static RuleViolation UnknownPerson(string id) =>
        new("unknown-person", RefusalKind.NotFound, $"'{id}' is not a person of the directory.");

    public static RuleViolation UnknownCategory(string project, string category, IEnumerable<string> categories) =>
        new("unknown-category", RefusalKind.Invalid, $"Project {project} has no feedback category '{category}'. Categories: {Join(categories)}.");

    public static RuleViolation NoFeedbackCategories(string project) =>
        new("no-feedback-categories", RefusalKind.Conflict, $"Project {project} has no feedback categories; request the final approval instead.");

    public static RuleViolation InvalidItem(string message) => new("invalid-item", RefusalKind.Invalid, message);

    public static RuleViolation ItemExists(string key) =>
        new("item-exists", RefusalKind.Conflict, $"{key} is already registered. A new version is a new item: register {key.Split('@')[0]}@<next version>.");

    public static RuleViolation NotProjectMember(string person, string project) =>
        new("not-project-member", RefusalKind.Forbidden, $"{person} is not an owner or member of project {project}, so cannot register its items.");

    public static RuleViolation NotItemOrProjectOwner(string action, string itemOwner) =>
        new("not-item-or-project-owner", RefusalKind.Forbidden, $"Only the item owner ({itemOwner}) or a project owner can {action}.");

    public static RuleViolation NotAssigned() =>
        new("not-assigned", RefusalKind.Forbidden, "This review is not assigned to you.");

    public static RuleViolation CommentRequired(string what) =>
        new("comment-required", RefusalKind.Invalid, $"A comment is required for {what}.");

    public static RuleViolation Locked(ItemKey key, SignOffState state) =>
        new("sign-off-locked", RefusalKind.Conflict, $"The sign-off of {key} was {WireNames.Of(state)}; it is locked and accepts no further answers. A new version is a new item with a new sign-off.");

    public static RuleViolation Closed(ItemKey key) =>
        new("sign-off-closed", RefusalKind.Conflict, $"The sign-off of {key} is already approved; it accepts no further answers.");

    public static RuleViolation FeedbackNotRequested(string category) =>
        new("feedback-not-requested", RefusalKind.Conflict, $"Feedback on {category} has not been requested yet.");

    public static RuleViolation FeedbackNoLongerRequestable(SignOffState state) =>
        new("feedback-not-requestable", RefusalKind.Conflict, $"Feedback can be requested only before the final approval is requested; the sign-off is {WireNames.Of(state)}.");

    public static RuleViolation FinalNotRequested() =>
        new("final-not-requested", RefusalKind.Conflict, "A final decision is accepted once feedback or the final approval has been requested.");

    public static RuleViolation SegregationOfDuties(string owner) =>
        new("segregation-of-duties", RefusalKind.Forbidden, $"{owner} owns this item and can never give its final approval (segregation of duties).");

    public static RuleViolation DelegateIsOwner(string owner) =>
        new("segregation-of-duties", RefusalKind.Forbidden, $"The final approval cannot be delegated to {owner}, who owns the item (segregation of duties).");

    public static RuleViolation OwnerDelegatesFinal(string owner) =>
        new("segregation-of-duties", RefusalKind.Forbidden, $"{owner} owns this item, so cannot hand its final approval to anyone (segregation of duties).");

    public static RuleViolation FeedbackDelegateIsOwner(string owner, string category) =>
        new("segregation-of-duties", RefusalKind.Forbidden, $"The {category} review cannot be delegated to {owner}, who owns the item (segregation of duties).");

    public static RuleViolation SelfDelegation() =>
        new("self-delegation", RefusalKind.Forbidden, "You cannot delegate the final approval to yourself; name another person eligible to approve.");

    /// <param name="approver">Who approves: a person's name, or "a member of group &lt;id&gt;".</param>
    public static RuleViolation FinalDelegateNotEligible(string person, string project, string approver) =>
        new("final-delegate-not-eligible", RefusalKind.Forbidden, $"The final approval can be delegated only to a person eligible to approve it: {approver} (the final approver of {project}) or a person of the project's FinalDelegates. {person} is neither.");

    public static RuleViolation PolicyNotMet(RiskLevel risk, IReadOnlyList<string> missing) =>
        new("policy-not-met", RefusalKind.Conflict, $"The {WireNames.Of(risk)}-risk review policy does not allow the final approval yet: {string.Join("; ", missing)}.");

    public static RuleViolation NotSlotHolderOrProjectOwner() =>
        new("not-slot-holder-or-project-owner", RefusalKind.Forbidden, "Only a person holding this slot or a project owner can delegate it.");

    public static RuleViolation NothingToConfirm(string decision) =>
        new("nothing-to-confirm", RefusalKind.Conflict, $"There is no warning to confirm: the deploy-check decision is {decision}.");

    public static RuleViolation NotConfirmer(string person, string itemOwner, string project) =>
        new("not-item-owner-or-project-member", RefusalKind.Forbidden, $"Only the item owner ({itemOwner}) or an owner or member of project {project} can confirm a deployment warning; {person} is none of them.");

    public static RuleViolation ReasonRequired() =>
        new("reason-required", RefusalKind.Invalid, "A reason is required to confirm a deployment warning.");

    public static RuleViolation ReasonRequiredTo(string action) =>
        new("reason-required", RefusalKind.Invalid, $"A reason is required to {action} (--reason …).");

    public static RuleViolation NotOpen(ItemKey key, SignOffState state) =>
        new("sign-off-not-open", RefusalKind.Conflict, $"The sign-off of {key} is {WireNames.Of(state)}: only an open sign-off can be changed.");

    public static RuleViolation NothingChanged(string what) =>
        new("nothing-changed", RefusalKind.Invalid, what);

    public static RuleViolation SlotNotRequested(string slot) =>
        new("slot-not-requested", RefusalKind.Conflict, $"{slot} is not requested, so there is nothing to withdraw or ask again; use request-feedback or request-final.");

    public static RuleViolation NotApproved(ItemKey key, SignOffState state) =>
        new("not-approved", RefusalKind.Conflict, $"{key} is {WireNames.Of(state)}, not approved: there is no approval to revoke or re-certify.");

    public static RuleViolation OwnerRevokes(string owner) =>
        new("segregation-of-duties", RefusalKind.Forbidden, $"The item owner ({owner}) cannot revoke the approval of their own item; ask its final approver or a project owner.");

    public static RuleViolation NotRevoker() =>
        new("not-final-approver-or-project-owner", RefusalKind.Forbidden, "Only the final approver (or a member of its group, or its delegate) or a project owner can revoke an approval.");

    public static RuleViolation ApprovalStillValid(ItemKey key, DateTimeOffset? until) =>
        RuleViolation.WithTimes("approval-still-valid", RefusalKind.Conflict, until is { } at
            ? $"The approval of {key} is valid until {ReaderTime.Mark(at)}: re-certify it once it has expired."
            : $"The approval of {key} does not expire under its project's policy, so there is nothing to re-certify.");

    public static RuleViolation BypassHoursOutOfRange(int hours) =>
        new("bypass-hours", RefusalKind.Invalid, $"A bypass lasts from 1 to 24 hours; {hours} was asked.");

    public static RuleViolation IncidentRequired() =>
        new("incident-required", RefusalKind.Invalid, "A bypass needs the incident ticket (--incident <ticket>).");

    public static RuleViolation UnknownBypass(string id) =>
        new("unknown-bypass", RefusalKind.NotFound, $"There is no bypass '{id}'.");

    public static RuleViolation BypassAlreadyActive(DateTimeOffset until) =>
        RuleViolation.WithTimes("bypass-active", RefusalKind.Conflict, $"A bypass is already active for this item and infrastructure until {ReaderTime.Mark(until)}.");

    public static RuleViolation BypassNotPending(string status) =>
        new("bypass-not-pending", RefusalKind.Conflict, $"This bypass was already {status}.");

    public static RuleViolation NotOnCall(string project) =>
        new("not-on-call", RefusalKind.Forbidden, $"Only an on-call approver of {project} can grant or deny a bypass.");

    public static RuleViolation OwnBypass() =>
        new("own-bypass", RefusalKind.Forbidden, "You requested this bypass, so you cannot grant it yourself.");

    public static RuleViolation NoOpenIncidentReview(string key, string infrastructure) =>
        new("no-open-incident-review", RefusalKind.NotFound, $"There is no open post-incident review for {key} on {infrastructure}.");

    public static RuleViolation InvalidLink(string link) =>
        new("invalid-link", RefusalKind.Invalid, $"'{link}' is not an absolute http(s) link to the review.");

    public static RuleViolation CommentTooLong(int length) =>
        TooLong("comment-too-long", "A comment", TextLimits.Comment, length, " Shorten it, or link to a longer document.");

    public static RuleViolation ReasonTooLong(int length) =>
        TooLong("reason-too-long", "A reason", TextLimits.Reason, length, " Shorten it, or link to a longer document.");

    public static RuleViolation IncidentTooLong(int length) =>
        TooLong("incident-too-long", "An incident id", TextLimits.Incident, length, " Give the ticket's id, such as INC-311.");

    public static RuleViolation NameTooLong(int length) =>
        TooLong("name-too-long", "An item name", TextLimits.Name, length, string.Empty);

    public static RuleViolation VersionTooLong(int length) =>
        TooLong("version-too-long", "An item version", TextLimits.Version, length, string.Empty);

    public static RuleViolation NulCharacter(string what) =>
        new("nul-character", RefusalKind.Invalid, $"{what} holds a NUL character (U+0000), which cannot be recorded. Send it again without it.");

    private static RuleViolation TooLong(string rule, string what, int limit, int length, string advice) =>
        new(rule, RefusalKind.Invalid, string.Create(CultureInfo.InvariantCulture, $"{what} is at most {limit:N0} characters; this one has {length:N0}.{advice}"));

    private static string Join(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"\"{v}\""));
}
