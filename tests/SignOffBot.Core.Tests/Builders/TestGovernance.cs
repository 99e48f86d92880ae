using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;

namespace SignOffBot.Core.Tests.Builders;

/// <summary>
/// The governance of the tests: project fraud-detection as in the SPEC sample, with ana@example.com
/// both a project owner and a member of group model-risk (the final approver), so segregation of duties
/// through a group can be exercised, and oncall@example.com the one person of its FinalDelegates (the final
/// slot may be delegated to them, not to anyone else outside model-risk).
/// </summary>
public static class TestGovernance
{
    public const string ProjectKey = "fraud-detection";

    public const string Ana = "ana@example.com";
    public const string Dev = "dev@example.com";
    public const string Ops = "ops@example.com";
    public const string Ben = "ben@example.com";
    public const string Chen = "chen@example.com";
    public const string Biz = "biz@example.com";
    public const string OnCall = "oncall@example.com";

    /// <summary>In the directory, but with no role in the project.</summary>
    public const string Eve = "eve@example.com";

    public const string AnaName = "Ana Ortiz";
    public const string DevName = "Dev Kumar";
    public const string OpsName = "Olu Adeyemi";
    public const string BenName = "Ben Carter";
    public const string ChenName = "Chen Wei";
    public const string BizName = "Bianca Ferreira";
    public const string OnCallName = "Oscar Nakamura";
    public const string EveName = "Eve Martin";

    public const string ModelRiskGroup = "model-risk";

    public const string ItOps = "IT & Operations";
    public const string RiskCompliance = "Risk & Compliance";
    public const string Business = "Business";

    public const string Prod = "prod-api";
    public const string Staging = "staging-api";
    public const string Sandbox = "sandbox";

    public static IReadOnlyList<string> AllCategories { get; } = [ItOps, RiskCompliance, Business];

    public static ReviewPolicy LowPolicy { get; } = ReviewPolicy.Empty;

    public static ReviewPolicy MediumPolicy { get; } = new([], true, [EvidenceKind.ModelCard], 0);

    public static ReviewPolicy HighPolicy { get; } = new(
        [ItOps, RiskCompliance, Business],
        true,
        [EvidenceKind.ModelCard, EvidenceKind.ValidationReport, EvidenceKind.RollbackPlan],
        2);

    public static RiskPolicies Policies { get; } = new(LowPolicy, MediumPolicy, HighPolicy);

    /// <summary>The standard model.</summary>
    public static GovernanceModel Model { get; } = Build();

    /// <summary>The standard model with some parts replaced, for the tests that need a variant.</summary>
    public static GovernanceModel Build(
        RiskPolicies? policies = null,
        IReadOnlyList<FeedbackCategory>? feedback = null,
        Assignee? finalApprover = null,
        IReadOnlyList<Assignee>? onCallApprovers = null,
        IReadOnlyList<Assignee>? finalDelegates = null)
    {
        var people = new[]
        {
            Person(Ana, AnaName, "U0ANA", "Europe/Paris"),
            Person(Dev, DevName, "U0DEV", "Europe/London"),
            Person(Ops, OpsName, "U0OPS", "UTC"),
            Person(Ben, BenName, "U0BEN", "America/New_York"),
            Person(Chen, ChenName, "U0CHEN", "Asia/Singapore"),
            Person(Biz, BizName, "U0BIZ", "Europe/Lisbon"),
            Person(OnCall, OnCallName, "U0ONCALL", "UTC"),
            Person(Eve, EveName, "U0EVE", "Europe/Berlin"),
        };

        var groups = new[] { new Group(ModelRiskGroup, [Ben, Chen, Ana]) };

        var project = new GovernedProject(
            ProjectKey,
            "Fraud detection",
            [Ana],
            [Dev],
            feedback ??
            [
                new FeedbackCategory(ItOps, [new Assignee(Ops)]),
                new FeedbackCategory(RiskCompliance, [new Assignee(Assignee.GroupPrefix + ModelRiskGroup)]),
                new FeedbackCategory(Business, [new Assignee(Biz)]),
            ],
            finalApprover ?? new Assignee(Assignee.GroupPrefix + ModelRiskGroup),
            onCallApprovers ?? [new Assignee(OnCall)],
            [new ReleaseChannel("slack", "C0RELEASE"), new ReleaseChannel("teams", "19:abc@thread.tacv2")],
            policies ?? Policies)
        {
            FinalDelegates = finalDelegates ?? [new Assignee(OnCall)],
        };

        var infrastructures = new[]
        {
            new Infrastructure(Prod, DeployPolicy.Prevent),
            new Infrastructure(Staging, DeployPolicy.Warn),
            new Infrastructure(Sandbox, DeployPolicy.Always),
        };

        return new GovernanceModel(people, groups, [project], infrastructures);
    }

    /// <summary>The standard model whose <paramref name="risk"/> level uses <paramref name="policy"/>.</summary>
    public static GovernanceModel WithPolicy(RiskLevel risk, ReviewPolicy policy) => Build(policies: risk switch
    {
        RiskLevel.Low => Policies with { Low = policy },
        RiskLevel.Medium => Policies with { Medium = policy },
        _ => Policies with { High = policy },
    });

    public static Infrastructure Infrastructure(string key) =>
        Model.FindInfrastructure(key) ?? throw new ArgumentException($"no infrastructure {key}", nameof(key));

    private static Person Person(string id, string name, string slack, string timeZone) =>
        new(id, name, slack, null, timeZone);
}
