using SignOffBot.Core.Items;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Tests.Storage.Contract;

public abstract partial class SignOffStoreContract
{
    /// <summary>What wakes a held deploy-check at once: every commit that can change an item's answer names the item.</summary>
    [Fact]
    public void ItemsChanged_IsRaisedAfterACommitWritingAnItemOrItsBypassOrConfirmation_NamingIt_AndNeverForReadsOrRollbacks()
    {
        var (signOffs, runner) = Services(Store);
        var deploys = new DeployService(Governance, runner, Time);
        var churn = Key("fraud-detection/churn-xgb@7");
        var seen = new List<string>();
        Store.ItemsChanged += keys =>
        {
            lock (seen)
            {
                seen.AddRange(keys.Select(k => k.ToString()));
            }
        };

        List<string> Seen(Action act)
        {
            lock (seen)
            {
                seen.Clear();
            }

            act();
            lock (seen)
            {
                return [.. seen];
            }
        }

        Assert.Equal([churn.ToString()], Seen(() => signOffs.Register(new RegisterItem(churn, ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com"))));
        Assert.Equal([churn.ToString()], Seen(() => signOffs.RequestFeedback(churn, [], As("ana@example.com"))));
        Assert.Equal([churn.ToString()], Seen(() => deploys.Confirm(churn, "staging-api", "load test", As("ana@example.com"))));
        Assert.Equal([churn.ToString()], Seen(() => deploys.RequestBypass(churn, "prod-api", "INC-1", 2, As("ana@example.com"))));
        Assert.Empty(Seen(() => deploys.Check(churn, "prod-api", As("ana@example.com"))));
        Assert.Empty(Seen(() => deploys.Peek(churn, "prod-api")));
        Assert.Empty(Seen(() => Assert.Throws<InvalidOperationException>(() => Ports.UnitOfWork.Transact<int>(session =>
        {
            session.UpdateItem(session.FindItem(churn)!);
            throw new InvalidOperationException("this unit fails");
        }))));
    }
}
