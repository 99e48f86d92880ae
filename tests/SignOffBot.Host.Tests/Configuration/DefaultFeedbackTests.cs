using System.Text;
using Microsoft.Extensions.Configuration;
using SignOffBot.Host.Configuration;
using SignOffBot.Host.Governance;

namespace SignOffBot.Host.Tests.Configuration;

/// <summary>A project configured without feedback categories gets SPEC section 1's three, assigned to its owners.</summary>
public sealed class DefaultFeedbackTests
{
    private static readonly string[] Defaults = ["IT & Operations", "Risk & Compliance", "Business"];

    [Fact]
    public void Build_ProjectWithoutFeedback_GetsTheThreeDefaults_AssignedToItsOwners()
    {
        var options = GovernanceFixtures.WithoutFeedback();
        var errors = new ConfigurationErrors();
        var defaulted = new List<DefaultedProject>();

        var model = GovernanceBuilder.Build(options, errors, defaulted);

        Assert.Empty(errors.All);
        var project = model!.FindProject("fraud-detection")!;
        Assert.Equal(Defaults, project.Feedback.Select(f => f.Category));
        Assert.All(project.Feedback, f => Assert.Equal(["zoe@example.com", "xav@example.com"], f.Assignees.Select(a => a.Value)));
        Assert.Equal([new DefaultedProject("Governance:Projects:0:Feedback", "fraud-detection")], defaulted);
    }

    [Fact]
    public void Build_ProjectWithFeedback_KeepsItsOwn_AndIsNotDefaulted()
    {
        var errors = new ConfigurationErrors();
        var defaulted = new List<DefaultedProject>();

        var model = GovernanceBuilder.Build(GovernanceFixtures.WithoutFeedback(), errors, defaulted);

        var configured = model!.FindProject("credit-scoring")!;
        Assert.Equal(["Business"], configured.Feedback.Select(f => f.Category));
        Assert.Equal(["yan@example.com"], configured.Feedback[0].Assignees.Select(a => a.Value));
        Assert.DoesNotContain(defaulted, d => d.Project == "credit-scoring");
    }

    [Fact]
    public void Load_FeedbackWrittenAsAnEmptyList_GetsTheDefaultsToo()
    {
        const string Json = """
            { "Governance": {
                "People": [ { "Id": "zoe@example.com" }, { "Id": "yan@example.com" } ],
                "Projects": [ { "Key": "fraud-detection", "Owners": [ "zoe@example.com" ], "Feedback": [ ], "FinalApprover": "yan@example.com" } ] } }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json))).Build();

        var (model, errors, _) = ConfiguredGovernance.Load(configuration);

        Assert.True(model is not null, string.Join("\n", errors.All));
        Assert.Equal(Defaults, model.FindProject("fraud-detection")!.Feedback.Select(f => f.Category));
    }

    [Fact]
    public void Build_RequiredCategoriesNamingADefaultCategory_IsAccepted()
    {
        var options = GovernanceFixtures.WithoutFeedback();
        options.Projects[0].Policy.High = new LevelPolicyOptions { RequiredCategories = ["business", "IT & Operations"] };

        Assert.Empty(GovernanceFixtures.Errors(options));
    }

    [Fact]
    public void Build_RequiredCategoryThatIsNotADefault_IsRefused_ListingTheDefaults()
    {
        var options = GovernanceFixtures.WithoutFeedback();
        options.Projects[0].Policy.High = new LevelPolicyOptions { RequiredCategories = ["Legal"] };

        var error = Assert.Single(GovernanceFixtures.Errors(options));

        Assert.Equal(
            "Governance:Projects:0:Policy:High:RequiredCategories:0: 'Legal' is not a feedback category of this project (IT & Operations, Risk & Compliance, Business).",
            error);
    }
}
