using SignOffBot.Core.Outcomes;
using Microsoft.Extensions.Time.Testing;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Tests.Fakes;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Core.Tests.Builders;

/// <summary>The workflow services wired on the in-memory store and a fake clock that starts at <see cref="TestItems.T0"/>.</summary>
public sealed class WorkflowFixture
{
    public WorkflowFixture(GovernanceModel? governance = null)
    {
        Governance = governance ?? TestGovernance.Model;
        Runner = new ActionRunner(Store, Clock, Governance);
        SignOffs = new SignOffService(Governance, Store, Runner);
        Deploys = new DeployService(Governance, Runner, Clock);
    }

    public FakeTimeProvider Clock { get; } = new(TestItems.T0);

    public InMemorySignOffStore Store { get; } = new();

    public GovernanceModel Governance { get; }

    public ActionRunner Runner { get; }

    public SignOffService SignOffs { get; }

    public DeployService Deploys { get; }

    public static ActionContext As(string actor, string? deliveryId = null, string platform = "slack") =>
        new(actor, platform, platform, deliveryId);

    /// <summary>Registers <see cref="TestItems.Key"/> through the service and returns it.</summary>
    public Item Register(RiskLevel risk = RiskLevel.Low, string owner = TestGovernance.Dev, Evidence? evidence = null)
    {
        var result = SignOffs.Register(new RegisterItem(TestItems.Key, ItemKind.Model, risk, evidence ?? TestItems.FullEvidence), As(owner));
        Assert.True(result.Outcome.IsApplied, result.Outcome.Message);
        return result.Value!;
    }

    /// <summary>Runs a service call and asserts it was applied.</summary>
    public static T Applied<T>(ActionResult<T> result)
    {
        Assert.True(result.Outcome.IsApplied, $"expected applied, got {result.Outcome}");
        Assert.False(result.Repeated);
        return result.Value!;
    }
}
