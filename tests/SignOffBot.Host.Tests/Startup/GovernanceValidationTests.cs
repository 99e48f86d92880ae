using SignOffBot.Host.Configuration;
using SignOffBot.Host.Governance;

namespace SignOffBot.Host.Tests.Startup;

/// <summary>SPEC section 7: invalid governance is refused with a message naming the key at fault.</summary>
public sealed class GovernanceValidationTests
{
    [Fact]
    public void Build_WhenTheGovernanceIsValid_ReturnsTheModelWithoutErrors()
    {
        var errors = new ConfigurationErrors();

        var model = GovernanceBuilder.Build(Valid(), errors);

        Assert.Empty(errors.All);
        Assert.NotNull(model);
        Assert.NotNull(model.FindProject("lab"));
        Assert.NotNull(model.FindProject("shop"));
        Assert.Equal(2, model.Infrastructures.Count);
    }

    [Fact]
    public void Build_WhenAFeedbackSlotNamesAnUnknownPerson_NamesTheAssigneeKey()
    {
        var options = Valid();
        options.Projects[0].Feedback[1].Assignees.Add("ghost@example.com");

        AssertSingleError(options, "Governance:Projects:0:Feedback:1:Assignees:1", "ghost@example.com");
    }

    [Fact]
    public void Build_WhenAFeedbackSlotNamesAnUnknownGroup_NamesTheAssigneeKey()
    {
        var options = Valid();
        options.Projects[1].Feedback[0].Assignees[0] = "group:ghosts";

        AssertSingleError(options, "Governance:Projects:1:Feedback:0:Assignees:0", "ghosts");
    }

    [Fact]
    public void Build_WhenTheFinalApproverIsAnUnknownGroup_NamesTheFinalApproverKey()
    {
        var options = Valid();
        options.Projects[0].FinalApprover = "group:nobody";

        AssertSingleError(options, "Governance:Projects:0:FinalApprover", "nobody");
    }

    [Fact]
    public void Build_WhenTheFinalApproverIsAnUnknownPerson_NamesTheFinalApproverKey()
    {
        var options = Valid();
        options.Projects[1].FinalApprover = "ghost@example.com";

        AssertSingleError(options, "Governance:Projects:1:FinalApprover", "ghost@example.com");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Build_WhenAProjectHasNoFinalApprover_NamesTheFinalApproverKey(string? finalApprover)
    {
        var options = Valid();
        options.Projects[1].FinalApprover = finalApprover;

        AssertSingleError(options, "Governance:Projects:1:FinalApprover", "final approver");
    }

    [Fact]
    public void Build_WhenAPersonIdIsDuplicated_NamesTheSecondPersonsIdKey()
    {
        var options = Valid();
        options.People.Add(new PersonOptions { Id = "AMY@example.com", Name = "Another Amy" });

        AssertSingleError(options, "Governance:People:4:Id", "duplicate");
    }

    [Fact]
    public void Build_WhenAProjectKeyIsDuplicated_NamesTheSecondProjectsKey()
    {
        var options = Valid();
        options.Projects[1].Key = "lab";

        AssertSingleError(options, "Governance:Projects:1:Key", "duplicate");
    }

    [Fact]
    public void Build_WhenAnInfrastructureKeyIsDuplicated_NamesTheSecondInfrastructuresKey()
    {
        var options = Valid();
        options.Infrastructures.Add(new InfrastructureOptions { Key = "prod", Policy = "warn" });

        AssertSingleError(options, "Governance:Infrastructures:2:Key", "duplicate");
    }

    [Fact]
    public void Build_WhenAFeedbackCategoryIsDuplicated_NamesTheSecondCategoryKey()
    {
        var options = Valid();
        options.Projects[0].Feedback.Add(new FeedbackOptions { Category = "RISK", Assignees = ["amy@example.com"] });

        AssertSingleError(options, "Governance:Projects:0:Feedback:2:Category", "duplicate");
    }

    [Theory]
    [InlineData("block")]
    [InlineData("")]
    [InlineData(null)]
    public void Build_WhenAnInfrastructurePolicyWordIsUnknown_NamesThePolicyKey(string? policy)
    {
        var options = Valid();
        options.Infrastructures[1].Policy = policy;

        AssertSingleError(options, "Governance:Infrastructures:1:Policy", "policy");
    }

    [Fact]
    public void Build_WhenRequiredEvidenceNamesAnUnknownWord_NamesTheEvidenceKey()
    {
        var options = Valid();
        options.Projects[0].Policy.High.RequiredEvidence = ["ModelCard", "Screenshot"];

        AssertSingleError(options, "Governance:Projects:0:Policy:High:RequiredEvidence:1", "Screenshot");
    }

    [Fact]
    public void Build_WhenRequiredEvidenceIsANumber_NamesTheEvidenceKey()
    {
        var options = Valid();
        options.Projects[0].Policy.Low.RequiredEvidence = ["7"];

        AssertSingleError(options, "Governance:Projects:0:Policy:Low:RequiredEvidence:0", "'7'");
    }

    [Fact]
    public void Build_WhenRequiredCategoriesNamesANonCategory_NamesTheCategoryKey()
    {
        var options = Valid();
        options.Projects[1].Policy.Medium.RequiredCategories = ["Business", "Legal"];

        AssertSingleError(options, "Governance:Projects:1:Policy:Medium:RequiredCategories:1", "Legal");
    }

    [Fact]
    public void Build_WhenSeveralThingsAreWrong_ReportsEveryOneWithItsKey()
    {
        var options = Valid();
        options.Projects[0].FinalApprover = "group:nobody";
        options.Projects[0].Feedback[0].Assignees[0] = "ghost@example.com";
        options.Projects[1].Policy.High.RequiredEvidence = ["Selfie"];
        options.Infrastructures[0].Policy = "sometimes";
        options.People.Add(new PersonOptions { Id = "bob@example.com" });

        var errors = new ConfigurationErrors();
        var model = GovernanceBuilder.Build(options, errors);

        Assert.Null(model);
        string[] expected =
        [
            "Governance:Projects:0:FinalApprover:",
            "Governance:Projects:0:Feedback:0:Assignees:0:",
            "Governance:Projects:1:Policy:High:RequiredEvidence:0:",
            "Governance:Infrastructures:0:Policy:",
            "Governance:People:4:Id:",
        ];
        Assert.Equal(expected.Length, errors.All.Count);
        foreach (var prefix in expected)
        {
            Assert.Single(errors.All, e => e.StartsWith(prefix, StringComparison.Ordinal));
        }

        var thrown = new InvalidConfigurationException(errors.All);
        Assert.All(expected, prefix => Assert.Contains(prefix, thrown.Message, StringComparison.Ordinal));
    }

    private static void AssertSingleError(GovernanceOptions options, string key, string mentions)
    {
        var errors = new ConfigurationErrors();

        var model = GovernanceBuilder.Build(options, errors);

        Assert.Null(model);
        var error = Assert.Single(errors.All);
        Assert.StartsWith(key + ": ", error, StringComparison.Ordinal);
        Assert.Contains(mentions, error, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A small valid governance: four people, one group, two projects, two infrastructures.</summary>
    private static GovernanceOptions Valid() => new()
    {
        People =
        [
            new PersonOptions { Id = "amy@example.com", Name = "Amy", TimeZone = "Europe/Paris" },
            new PersonOptions { Id = "bob@example.com", Name = "Bob" },
            new PersonOptions { Id = "cy@example.com", Name = "Cy" },
            new PersonOptions { Id = "di@example.com", Name = "Di" },
        ],
        Groups = [new GroupOptions { Id = "risk-team", Members = ["bob@example.com", "cy@example.com"] }],
        Projects =
        [
            new ProjectOptions
            {
                Key = "lab",
                Owners = ["amy@example.com"],
                Members = ["di@example.com"],
                Feedback =
                [
                    new FeedbackOptions { Category = "Risk", Assignees = ["group:risk-team"] },
                    new FeedbackOptions { Category = "Business", Assignees = ["di@example.com"] },
                ],
                FinalApprover = "group:risk-team",
                OnCallApprovers = ["di@example.com"],
                Policy = new PolicyOptions
                {
                    High = new LevelPolicyOptions { RequiredCategories = ["Risk", "Business"], RequiredEvidence = ["ModelCard"], BlockOnMajorIssue = true, MinFeedbackApprovals = 1 },
                },
            },
            new ProjectOptions
            {
                Key = "shop",
                Owners = ["di@example.com"],
                Feedback = [new FeedbackOptions { Category = "Business", Assignees = ["amy@example.com"] }],
                FinalApprover = "bob@example.com",
            },
        ],
        Infrastructures =
        [
            new InfrastructureOptions { Key = "prod", Policy = "prevent" },
            new InfrastructureOptions { Key = "staging", Policy = "warn" },
        ],
    };
}
