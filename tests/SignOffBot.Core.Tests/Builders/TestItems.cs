using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using static SignOffBot.Core.Tests.Builders.TestGovernance;

namespace SignOffBot.Core.Tests.Builders;

/// <summary>Items of fraud-detection in a given state, built through the real transitions.</summary>
public static class TestItems
{
    /// <summary>Monday 2 March 2026, 09:00 UTC.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public const string ApproverComment = "Looks good to ship.";
    public const string RejectComment = "Recall dropped below the agreed floor.";
    public const string AbandonComment = "Superseded by version 8.";

    public static ItemKey Key { get; } = new(ProjectKey, "churn-xgb", "7");

    public static Evidence FullEvidence { get; } = new(
        "https://docs.example.com/churn-xgb/7/model-card",
        "https://docs.example.com/churn-xgb/7/validation",
        "https://docs.example.com/churn-xgb/7/rollback",
        "CHG-1042");

    /// <summary>A not-started item owned by <paramref name="owner"/> (dev@example.com, a project member, by default).</summary>
    public static Item Registered(
        GovernanceModel? governance = null, RiskLevel risk = RiskLevel.Low, string owner = Dev, Evidence? evidence = null, ItemKey? key = null)
    {
        var (outcome, item) = Item.Register(governance ?? Model, owner, key ?? Key, ItemKind.Model, risk, evidence ?? FullEvidence, T0);
        Assert.True(outcome.IsApplied, outcome.Message);
        return item!;
    }

    /// <summary>An item in <paramref name="state"/>; feedback on every category is requested on the way
    /// (except for not-started), final decisions are taken by ben@example.com.</summary>
    public static Item InState(
        SignOffState state, GovernanceModel? governance = null, RiskLevel risk = RiskLevel.Low, string owner = Dev, Evidence? evidence = null)
    {
        var gov = governance ?? Model;
        var item = Registered(gov, risk, owner, evidence);
        if (state == SignOffState.NotStarted)
        {
            return item;
        }

        item = Applied(item.RequestFeedback(gov, owner, []));
        if (state == SignOffState.FeedbackRequested)
        {
            return item;
        }

        item = Applied(item.RequestFinal(gov, owner));
        return state switch
        {
            SignOffState.FinalApprovalRequested => item,
            SignOffState.Approved => Applied(item.Decide(gov, Ben, FinalDecisionKind.Approve, ApproverComment, T0.AddHours(1))),
            SignOffState.Rejected => Applied(item.Decide(gov, Ben, FinalDecisionKind.Reject, RejectComment, T0.AddHours(1))),
            _ => Applied(item.Decide(gov, Ben, FinalDecisionKind.Abandon, AbandonComment, T0.AddHours(1))),
        };
    }

    /// <summary>An item whose feedback on every category was requested.</summary>
    public static Item FeedbackRequested(GovernanceModel? governance = null, RiskLevel risk = RiskLevel.Low, string owner = Dev, Evidence? evidence = null) =>
        InState(SignOffState.FeedbackRequested, governance, risk, owner, evidence);

    /// <summary>The item after the change, which must have been applied.</summary>
    public static Item Applied(ActionResult<Item> change)
    {
        Assert.True(change.Outcome.IsApplied, $"expected applied, got {change.Outcome}");
        return change.Value!;
    }

    /// <summary>Answers feedback and asserts it was applied.</summary>
    public static Item Answer(
        this Item item, string by, string category, FeedbackAnswerKind answer = FeedbackAnswerKind.Approve, string? comment = null, GovernanceModel? governance = null, DateTimeOffset? at = null) =>
        Applied(item.SubmitFeedback(governance ?? Model, by, category, answer, comment, at ?? T0.AddMinutes(30)));
}
