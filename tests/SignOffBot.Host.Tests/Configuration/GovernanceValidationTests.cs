using SignOffBot.Host.Governance;

namespace SignOffBot.Host.Tests.Configuration;

/// <summary>Invalid governance is refused with every error naming its configuration key (SPEC section 7).</summary>
public sealed class GovernanceValidationTests
{
    /// <summary>One mistake each, and the key that must be named.</summary>
    public static TheoryData<string, string> Mistakes() => new()
    {
        { "unknown person in a feedback slot", "Governance:Projects:0:Feedback:0:Assignees:0" },
        { "unknown group as final approver", "Governance:Projects:0:FinalApprover" },
        { "unknown person as final approver", "Governance:Projects:0:FinalApprover" },
        { "unknown group in a feedback slot", "Governance:Projects:0:Feedback:1:Assignees:0" },
        { "duplicate feedback category", "Governance:Projects:0:Feedback:2:Category" },
        { "project without final approver", "Governance:Projects:0:FinalApprover" },
        { "duplicate person id", "Governance:People:3:Id" },
        { "duplicate project key", "Governance:Projects:1:Key" },
        { "duplicate infrastructure key", "Governance:Infrastructures:2:Key" },
        { "unknown infrastructure policy", "Governance:Infrastructures:1:Policy" },
        { "unknown evidence word", "Governance:Projects:0:Policy:High:RequiredEvidence:1" },
        { "required category that is not a category", "Governance:Projects:0:Policy:Medium:RequiredCategories:1" },
        { "required category that is not a default category", "Governance:Projects:0:Policy:Medium:RequiredCategories:1" },
        { "bad time zone", "Governance:People:1:TimeZone" },
        { "unknown group member", "Governance:Groups:0:Members:1" },
        { "unknown owner", "Governance:Projects:0:Owners:0" },
        { "unknown person in FinalDelegates", "Governance:Projects:0:FinalDelegates:1" },
        { "unknown group in FinalDelegates", "Governance:Projects:0:FinalDelegates:0" },
    };

    [Fact]
    public void ValidFixture_Builds()
    {
        Assert.Empty(GovernanceFixtures.Errors(GovernanceFixtures.Valid()));
    }

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Builder_RefusesTheMistake_NamingTheKey(string mistake, string key)
    {
        var errors = GovernanceFixtures.Errors(WithMistake(mistake));

        var error = Assert.Single(errors);
        Assert.StartsWith(key + ": ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Builder_FinalDelegates_ArePeopleOrGroupsOfTheProjectModel()
    {
        var options = GovernanceFixtures.Valid();
        options.Projects[0].FinalDelegates = ["Xav@Example.com", "group:risk"];
        var errors = new Host.Configuration.ConfigurationErrors();

        var project = GovernanceBuilder.Build(options, errors)!.FindProject("fraud-detection")!;

        Assert.Empty(errors.All);
        Assert.Equal(["xav@example.com", "group:risk"], project.FinalDelegates.Select(a => a.Value));
    }

    [Fact]
    public void Builder_WithoutFinalDelegates_HasNone()
    {
        var errors = new Host.Configuration.ConfigurationErrors();

        Assert.Empty(GovernanceBuilder.Build(GovernanceFixtures.Valid(), errors)!.FindProject("fraud-detection")!.FinalDelegates);
    }

    [Fact]
    public void Builder_WithManyMistakes_ListsThemAll()
    {
        var options = GovernanceFixtures.Valid();
        options.People[1].TimeZone = "Mars/Olympus_Mons";
        options.Projects[0].Feedback[0].Assignees = ["ghost@example.com"];
        options.Projects[0].FinalApprover = "group:nobody";
        options.Projects[0].Policy.High.RequiredEvidence = ["Screenshot"];
        options.Projects[0].Policy.Low.RequiredCategories = ["Legal"];
        options.Infrastructures[1].Policy = "sometimes";
        options.Infrastructures.Add(new InfrastructureOptions { Key = "PROD-API", Policy = "warn" });

        var errors = GovernanceFixtures.Errors(options);

        string[] keys =
        [
            "Governance:People:1:TimeZone",
            "Governance:Projects:0:Feedback:0:Assignees:0",
            "Governance:Projects:0:FinalApprover",
            "Governance:Projects:0:Policy:High:RequiredEvidence:0",
            "Governance:Projects:0:Policy:Low:RequiredCategories:0",
            "Governance:Infrastructures:1:Policy",
            "Governance:Infrastructures:2:Key",
        ];
        Assert.Equal(keys.Order(StringComparer.Ordinal), errors.Select(e => e[..e.IndexOf(": ", StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.Contains(errors, e => e.Contains("ghost@example.com", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Mars/Olympus_Mons", StringComparison.Ordinal));
    }

    [Fact]
    public void Builder_EvidenceWrittenAsANumber_IsRefused()
    {
        // "1" is not a policy word; Enum.TryParse would read it as ValidationReport.
        var options = GovernanceFixtures.Valid();
        options.Projects[0].Policy.High.RequiredEvidence = ["1"];

        Assert.StartsWith("Governance:Projects:0:Policy:High:RequiredEvidence:0: ", Assert.Single(GovernanceFixtures.Errors(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Builder_EvidenceWordsJoinedByACommaInOneEntry_AreRefused()
    {
        // "ModelCard, RollbackPlan" in one entry is a list written wrongly; Enum.TryParse would read it as the
        // combination ModelCard|RollbackPlan = RollbackPlan and silently drop the model card.
        var options = GovernanceFixtures.Valid();
        options.Projects[0].Policy.High.RequiredEvidence = ["ModelCard, RollbackPlan"];

        Assert.StartsWith("Governance:Projects:0:Policy:High:RequiredEvidence:0: ", Assert.Single(GovernanceFixtures.Errors(options)), StringComparison.Ordinal);
    }

    internal static GovernanceOptions WithMistake(string mistake)
    {
        var options = GovernanceFixtures.Valid();
        var project = options.Projects[0];
        switch (mistake)
        {
            case "unknown person in a feedback slot":
                project.Feedback[0].Assignees = ["ghost@example.com"];
                break;
            case "unknown group as final approver":
                project.FinalApprover = "group:nobody";
                break;
            case "unknown person as final approver":
                project.FinalApprover = "ghost@example.com";
                break;
            case "unknown group in a feedback slot":
                project.Feedback[1].Assignees = ["group:nobody"];
                break;
            case "duplicate feedback category":
                project.Feedback.Add(new FeedbackOptions { Category = "it & operations", Assignees = ["zoe@example.com"] });
                break;
            case "project without final approver":
                project.FinalApprover = null;
                break;
            case "duplicate person id":
                options.People.Add(new PersonOptions { Id = "ZOE@example.com", Name = "Zoe again" });
                break;
            case "duplicate project key":
                options.Projects.Add(new ProjectOptions
                {
                    Key = "fraud-detection",
                    Owners = ["zoe@example.com"],
                    FinalApprover = "yan@example.com",
                });
                break;
            case "duplicate infrastructure key":
                options.Infrastructures.Add(new InfrastructureOptions { Key = "prod-api", Policy = "warn" });
                break;
            case "unknown infrastructure policy":
                options.Infrastructures[1].Policy = "sometimes";
                break;
            case "unknown evidence word":
                project.Policy.High.RequiredEvidence = ["ModelCard", "Screenshot"];
                break;
            case "required category that is not a category":
                project.Policy.Medium.RequiredCategories = ["Risk & Compliance", "Legal"];
                break;
            case "required category that is not a default category":
                project.Feedback = [];
                project.Policy.Medium.RequiredCategories = ["Risk & Compliance", "Legal"];
                break;
            case "bad time zone":
                options.People[1].TimeZone = "Mars/Olympus_Mons";
                break;
            case "unknown group member":
                options.Groups[0].Members = ["yan@example.com", "ghost@example.com"];
                break;
            case "unknown owner":
                project.Owners = ["nobody@example.com"];
                break;
            case "unknown person in FinalDelegates":
                project.FinalDelegates = ["xav@example.com", "ghost@example.com"];
                break;
            case "unknown group in FinalDelegates":
                project.FinalDelegates = ["group:nobody"];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mistake), mistake, null);
        }

        return options;
    }
}
