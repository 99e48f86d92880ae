using SignOffBot.Core.Items;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Tests.Storage.Contract;

public abstract partial class SignOffStoreContract
{
    [Fact]
    public void OpenIncidentReviews_AreTheGrantedBypassesWhoseReviewIsNotClosed_AsCommitted()
    {
        var (signOffs, runner) = Services(Store);
        var deploys = new DeployService(Governance, runner, Time);
        foreach (var version in new[] { "7", "8", "9" })
        {
            Assert.True(signOffs.Register(new RegisterItem(Key($"fraud-detection/churn-xgb@{version}"), ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com")).Outcome.IsApplied);
        }

        string Bypass(string version, bool grant)
        {
            var requested = deploys.RequestBypass(Key($"fraud-detection/churn-xgb@{version}"), "prod-api", $"INC-{version}", 2, As("ana@example.com"));
            Assert.True(requested.Outcome.IsApplied, requested.Outcome.Message);
            if (grant)
            {
                Assert.True(deploys.DecideBypass(requested.Value!.Id, grant: true, As("oncall@example.com")).Outcome.IsApplied);
            }

            return requested.Value!.Id;
        }

        var open = Bypass("7", grant: true);
        Bypass("8", grant: false);
        Bypass("9", grant: true);
        var closed = deploys.CloseIncidentReview(Key("fraud-detection/churn-xgb@9"), "prod-api", "https://wiki.example.com/pir/9", As("ana@example.com"));
        Assert.True(closed.Outcome.IsApplied, closed.Outcome.Message);

        Assert.Equal([open], Store.OpenIncidentReviews().Select(b => b.Id));
        Ports = Reopen();
        var review = Assert.Single(Store.OpenIncidentReviews());
        Assert.Equal((open, "ana@example.com"), (review.Id, review.Review!.Owner));
    }
}
