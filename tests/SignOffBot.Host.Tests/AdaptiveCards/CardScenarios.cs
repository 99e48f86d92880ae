using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;

namespace SignOffBot.Host.Tests.AdaptiveCards;

/// <summary>
/// Realistic sign-offs for the card tests, built through the real transitions of SignOffBot.Core: project
/// fraud-detection as in the sample, with ana@example.com both its owner and a member of group model-risk (the
/// final approver), so the owner-in-the-approver-group view exists.
/// </summary>
public static class CardScenarios
{
    public const string Project = "fraud-detection";
    public const string Ana = "ana@example.com";
    public const string Dev = "dev@example.com";
    public const string Ops = "ops@example.com";
    public const string Ben = "ben@example.com";
    public const string Chen = "chen@example.com";
    public const string Biz = "biz@example.com";
    public const string OnCall = "oncall@example.com";
    public const string Lee = "lee@example.com";
    public const string ItOps = "IT & Operations";
    public const string RiskCompliance = "Risk & Compliance";
    public const string Business = "Business";

    /// <summary>Monday 2 March 2026, 09:00 UTC.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly Evidence FullEvidence = new(
        "https://docs.example.com/churn-xgb/7/model-card",
        "https://docs.example.com/churn-xgb/7/validation?tab=fairness&lang=en",
        "https://docs.example.com/churn-xgb/7/rollback",
        "CHG-1042");

    public static readonly IReadOnlyList<string> OneReviewer = ["29:1bSnHZ7Js2STWrgk6ScEErLk1Lp2zQuD5H2qQ960rtvstKp8tKLl-3r8b6DoW0QxZimuTxk_kupZ1DBMpvIQQUAZL-PNj0EORDvRZXy8kvWk"];

    public static GovernanceModel Governance { get; } = new(
        [
            new Person(Ana, "Ana Ortiz", "U0ANA", "00000000-0000-0000-0000-00000000a0a0", "Europe/Paris"),
            new Person(Dev, "Dev Patel", "U0DEV", null, "America/New_York"),
            new Person(Ops, "Olga Sørensen", "U0OPS", null, "Europe/Copenhagen"),
            new Person(Ben, "Ben Okafor", "U0BEN", "00000000-0000-0000-0000-00000000b0b0", "Europe/London"),
            new Person(Chen, "Chen Wei (陈伟)", "U0CHEN", "00000000-0000-0000-0000-00000000c0c0", "Asia/Singapore"),
            new Person(Biz, "Bea Martins", null, "00000000-0000-0000-0000-00000000e0e0", "America/Sao_Paulo"),
            new Person(OnCall, "Omar Haddad", "U0OMAR", null, "UTC"),
            new Person(Lee, "Lee Min-jun", "U0LEE", null, "Asia/Seoul"),
        ],
        [new Group("model-risk", [Ben, Chen, Ana]), new Group("sre-oncall", [OnCall, Lee])],
        [
            new GovernedProject(
                Project,
                "Fraud detection",
                [Ana],
                [Dev],
                [
                    new FeedbackCategory(ItOps, [new Assignee(Ops)]),
                    new FeedbackCategory(RiskCompliance, [new Assignee("group:model-risk")]),
                    new FeedbackCategory(Business, [new Assignee(Biz)]),
                ],
                new Assignee("group:model-risk"),
                [new Assignee("group:sre-oncall")],
                [new ReleaseChannel("teams", "19:fraud-release@thread.tacv2")],
                new RiskPolicies(
                    ReviewPolicy.Empty,
                    new ReviewPolicy([], true, [EvidenceKind.ModelCard], 0),
                    new ReviewPolicy([ItOps, RiskCompliance, Business], true, [EvidenceKind.ModelCard, EvidenceKind.ValidationReport, EvidenceKind.RollbackPlan], 2)))
            {
                FinalDelegates = [new Assignee("group:sre-oncall")],
            },
        ],
        [new Core.Governance.Infrastructure("prod-api", DeployPolicy.Prevent), new Core.Governance.Infrastructure("staging-api", DeployPolicy.Warn)]);

    /// <summary>A comment far over the card's cut (and near the domain's 2,000), with markdown, quotes, accents, CJK and an emoji.</summary>
    public static string LongComment { get; } = string.Concat(Enumerable.Repeat(
        "The fairness report shows a 4.2 % gap in recall for customers over 65 — see **section 3** and \"Appendix B\" (résumé: 公平性); 🚦 needs a re-run. ", 14)).TrimEnd();

    public static Item Registered(string owner = Dev, RiskLevel risk = RiskLevel.High, Evidence? evidence = null, string name = "churn-xgb", string version = "7")
    {
        var (outcome, item) = Item.Register(Governance, owner, new ItemKey(Project, name, version), ItemKind.Model, risk, evidence ?? FullEvidence, T0);
        Assert.True(outcome.IsApplied, outcome.Message);
        return item!;
    }

    public static Item Applied(ActionResult<Item> change)
    {
        Assert.True(change.Outcome.IsApplied, $"expected applied, got {change.Outcome}");
        return change.Value!;
    }

    public static Item FeedbackRequested(string owner = Dev, RiskLevel risk = RiskLevel.High, params string[] categories) =>
        Applied(Registered(owner, risk).RequestFeedback(Governance, owner, categories));

    public static Item Answer(this Item item, string by, string category, FeedbackAnswerKind answer, string? comment, int minutes) =>
        Applied(item.SubmitFeedback(Governance, by, category, answer, comment, T0.AddMinutes(minutes)));

    /// <summary>Every reviewer answered, some more than once; ready for the final decision.</summary>
    public static Item Reviewed(string owner = Dev) => FeedbackRequested(owner)
        .Answer(Ops, ItOps, FeedbackAnswerKind.MinorIssue, "Alerting on drift is missing from the runbook.", 30)
        .Answer(Ops, ItOps, FeedbackAnswerKind.Approve, "Runbook updated, thanks.", 95)
        .Answer(Ben, RiskCompliance, FeedbackAnswerKind.MajorIssue, LongComment, 40)
        .Answer(Ben, RiskCompliance, FeedbackAnswerKind.Approve, null, 300)
        .Answer(Biz, Business, FeedbackAnswerKind.Approve, "Matches the Q2 fraud-loss target.", 50);

    public static Item FinalRequested(string owner = Dev) => Applied(Reviewed(owner).RequestFinal(Governance, owner));

    public static Item Decided(FinalDecisionKind decision, string comment) =>
        Applied(FinalRequested().Decide(Governance, Chen, decision, comment, T0.AddHours(8)));

    /// <summary>Many answers by every reviewer, each with a long comment: the card must compact itself.</summary>
    public static Item ManyAnswers()
    {
        var item = FeedbackRequested();
        for (var i = 0; i < 40; i++)
        {
            var kind = (FeedbackAnswerKind)(i % 3);
            var comment = $"Round {i}: {LongComment}";
            item = item.Answer(Ops, ItOps, kind, comment, 10 + i)
                .Answer(Ben, RiskCompliance, kind, comment, 10 + i)
                .Answer(Chen, RiskCompliance, kind, comment, 10 + i)
                .Answer(Biz, Business, kind, comment, 10 + i);
        }

        return item;
    }

    public static Item Delegated() =>
        Applied(Applied(FeedbackRequested().Delegate(Governance, Ana, Business, Lee, T0.AddMinutes(5)))
            .Delegate(Governance, Ana, SlotNames.Final, OnCall, T0.AddMinutes(6)));

    public static SignOffView View(Item item, string? viewer) => SignOffViews.For(item, Governance, viewer);

    /// <summary>Named views of every state, for every kind of viewer.</summary>
    public static IEnumerable<(string Name, SignOffView View)> Views()
    {
        var notStarted = Registered(risk: RiskLevel.Low, evidence: Evidence.None, name: "bare-model", version: "0.1.0");
        var someRequested = FeedbackRequested(Dev, RiskLevel.Medium, Business);
        var reviewed = Reviewed();
        var final = FinalRequested();
        var ownerInGroup = FinalRequested(owner: Ana);
        var approved = Decided(FinalDecisionKind.Approve, "Looks good to ship.");
        var rejected = Decided(FinalDecisionKind.Reject, LongComment);
        var abandoned = Decided(FinalDecisionKind.Abandon, "Superseded by version 8.");
        var many = ManyAnswers();
        var delegated = Delegated();
        var ticketOnly = Registered(risk: RiskLevel.Low, evidence: new Evidence(null, null, null, "INC-77"), name: "ticket-only", version: "2");

        yield return ("not-started-channel", View(notStarted, null));
        yield return ("not-started-owner", View(notStarted, Dev));
        yield return ("ticket-only-channel", View(ticketOnly, null));
        yield return ("some-requested-business-reviewer", View(someRequested, Biz));
        yield return ("some-requested-ops-not-requested", View(someRequested, Ops));
        yield return ("feedback-ops-reviewer", View(FeedbackRequested(), Ops));
        yield return ("feedback-group-member-and-approver", View(FeedbackRequested(), Ben));
        yield return ("reviewed-ops", View(reviewed, Ops));
        yield return ("reviewed-channel", View(reviewed, null));
        yield return ("final-approver", View(final, Chen));
        yield return ("final-owner-in-approver-group", View(ownerInGroup, Ana));
        yield return ("final-owner-outsider", View(final, Dev));
        yield return ("final-channel", View(final, null));
        yield return ("approved-channel", View(approved, null));
        yield return ("approved-approver", View(approved, Chen));
        yield return ("rejected-reviewer", View(rejected, Ben));
        yield return ("abandoned-channel", View(abandoned, null));
        yield return ("many-answers-reviewer", View(many, Ben));
        yield return ("many-answers-channel", View(many, null));
        yield return ("delegated-delegate", View(delegated, Lee));
        yield return ("delegated-final-delegate", View(delegated, OnCall));

        foreach (var scenario in Lifecycle())
        {
            yield return (scenario.Name, scenario.View);
        }
    }

    /// <summary>How long a high-risk approval stays valid under <see cref="Recertifying"/>.</summary>
    public static readonly TimeSpan ApprovalValidFor = TimeSpan.FromDays(180);

    /// <summary>The sample governance with re-certification: high-risk approvals valid <see cref="ApprovalValidFor"/>.</summary>
    public static GovernanceModel Recertifying { get; } = new(
        Governance.People,
        Governance.Groups,
        [.. Governance.Projects.Select(p => p with { Policy = p.Policy with { High = p.Policy.High with { ApprovalValidFor = ApprovalValidFor } } })],
        Governance.Infrastructures);

    /// <summary>Olga approved IT &amp; Operations, then Dev replaced the model card.</summary>
    public static Item EvidenceChanged() => Applied(FeedbackRequested()
        .Answer(Ops, ItOps, FeedbackAnswerKind.Approve, "Runbook reviewed.", 30)
        .ChangeEvidence(Governance, Dev, new Evidence("https://docs.example.com/churn-xgb/7/model-card-v2", null, null, null), T0.AddMinutes(60)));

    /// <summary>Bea answered Business, then Dev withdrew the request from it.</summary>
    public static Item Withdrawn() => Applied(FeedbackRequested()
        .Answer(Biz, Business, FeedbackAnswerKind.MinorIssue, "Needs the Q2 target.", 10)
        .Withdraw(Governance, Dev, [Business], "sent to the wrong category", T0.AddMinutes(20)));

    /// <summary>Ben raised a major issue on Risk &amp; Compliance; Dev fixed it and asked again.</summary>
    public static Item ReRequested() => Applied(FeedbackRequested()
        .Answer(Ben, RiskCompliance, FeedbackAnswerKind.MajorIssue, "The validation set predates the Q1 fraud wave.", 40)
        .ReRequest(Governance, Dev, [RiskCompliance], "validation re-run on Q1 data", T0.AddMinutes(120)));

    /// <summary>Chen approved; Ben (model-risk) revoked the approval after a finding.</summary>
    public static Item Revoked() => Applied(Decided(FinalDecisionKind.Approve, "Looks good to ship.")
        .Revoke(Governance, Ben, "leakage found in the Q1 features", T0.AddHours(30)));

    /// <summary>Approved under <see cref="Recertifying"/>: the card says until when.</summary>
    public static Item ValidApproval() => Applied(FinalRequested().Decide(Recertifying, Chen, FinalDecisionKind.Approve, "Approved for 180 days.", T0.AddHours(8)));

    /// <summary>The approval of <see cref="ValidApproval"/> expired; Dev asked for a re-certification with every category.</summary>
    public static Item Recertified() => Applied(ValidApproval().Recertify(Recertifying, Dev, withFeedback: true, T0.AddDays(181)));

    /// <summary>
    /// The lifecycle states that change the card (evidence changed, withdrawn, asked again, revoked, valid until,
    /// re-certified), each with the texts its card must show; <c>Timed</c> texts carry a time, which each surface
    /// renders for the reader.
    /// </summary>
    public static IEnumerable<LifecycleScenario> Lifecycle()
    {
        var evidence = EvidenceChanged();
        (string, bool)[] evidenceShows =
        [
            ("Evidence changed by Dev Patel on", true),
            ("answered before the evidence changed", false),
            ("https://docs.example.com/churn-xgb/7/model-card-v2", false),
        ];
        yield return new("evidence-changed-ops", evidence, Governance, Ops, evidenceShows);
        yield return new("evidence-changed-channel", evidence, Governance, null, evidenceShows);

        var withdrawn = Withdrawn();
        (string, bool)[] withdrawnShows =
        [
            ("withdrawn by Dev Patel on", true),
            ("sent to the wrong category", false),
            ("before the withdrawal, not counted", false),
        ];
        yield return new("withdrawn-business-reviewer", withdrawn, Governance, Biz, withdrawnShows);
        yield return new("withdrawn-channel", withdrawn, Governance, null, withdrawnShows);

        var again = ReRequested();
        (string, bool)[] againShows =
        [
            ("asked again by Dev Patel on", true),
            ("validation re-run on Q1 data", false),
            ("before the re-request, not counted", false),
        ];
        yield return new("re-requested-reviewer", again, Governance, Ben, againShows);
        yield return new("re-requested-channel", again, Governance, null, againShows);

        var revoked = Revoked();
        (string, bool)[] revokedShows =
        [
            ("revoked by Ben Okafor on", true),
            ("leakage found in the Q1 features", false),
            ("final-approval-requested", false),
        ];
        yield return new("revoked-final-approver", revoked, Governance, Chen, revokedShows);
        yield return new("revoked-owner", revoked, Governance, Dev, revokedShows);
        yield return new("revoked-channel", revoked, Governance, null, revokedShows);

        var valid = ValidApproval();
        (string, bool)[] validShows = [("Approval valid until", true), ("then deploy-checks need a re-certification", false)];
        yield return new("valid-until-channel", valid, Recertifying, null, validShows);
        yield return new("valid-until-owner", valid, Recertifying, Dev, validShows);

        var recertified = Recertified();
        (string, bool)[] recertifiedShows = [("expired; re-certification requested by Dev Patel on", true), ("final-approval-requested", false)];
        yield return new("recertified-final-approver", recertified, Recertifying, Chen, recertifiedShows);
        yield return new("recertified-ops-reviewer", recertified, Recertifying, Ops, recertifiedShows);
        yield return new("recertified-channel", recertified, Recertifying, null, recertifiedShows);
    }

    /// <summary>When the bypass scenarios are drawn: after every decision, before the granted one expires.</summary>
    public static readonly DateTimeOffset BypassDrawnAt = T0.AddHours(1);

    /// <summary>After the granted bypass scenario has run out.</summary>
    public static readonly DateTimeOffset AfterBypassExpired = T0.AddHours(5);

    public static IEnumerable<(string Name, Bypass Bypass)> Bypasses()
    {
        var key = new ItemKey(Project, "churn-xgb", "7");
        var pending = new Bypass("byp-01HZX3", key, "prod-api", "INC-4711", 4, Ana, T0, BypassStatus.Pending, null, null, null, null);
        yield return ("pending", pending);
        yield return ("granted", pending with
        {
            Status = BypassStatus.Granted,
            DecidedBy = OnCall,
            DecidedAt = T0.AddMinutes(7),
            ExpiresAt = T0.AddHours(4).AddMinutes(7),
            Review = new IncidentReview(Ana, T0.AddHours(48), null, null, null),
        });
        yield return ("denied", pending with { Status = BypassStatus.Denied, DecidedBy = Lee, DecidedAt = T0.AddMinutes(3) });
    }

    /// <summary>29: ids for refresh lists.</summary>
    public static IReadOnlyList<string> UserIds(int count) =>
        Enumerable.Range(1, count).Select(i => $"29:1{i:D4}abcdEFGHijklMNOPqrstUVWXyz0123456789-{i}").ToList();
}

/// <summary>A lifecycle state of <see cref="CardScenarios.Lifecycle"/> as one viewer sees it, and the texts its card must show.</summary>
public sealed record LifecycleScenario(string Name, Item Item, GovernanceModel Governance, string? Viewer, IReadOnlyList<(string Text, bool Timed)> Shows)
{
    public SignOffView View => SignOffViews.For(Item, Governance, Viewer);
}
