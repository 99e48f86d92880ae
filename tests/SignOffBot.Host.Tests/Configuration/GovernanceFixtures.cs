using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using SignOffBot.Host.Configuration;
using SignOffBot.Host.Governance;

namespace SignOffBot.Host.Tests.Configuration;

/// <summary>A small valid governance, and ways to hand it to the builder or to the host as configuration keys.</summary>
internal static class GovernanceFixtures
{
    /// <summary>Two people, one group, one project with two slots and a policy, two infrastructures: all valid.</summary>
    public static GovernanceOptions Valid() => new()
    {
        People =
        [
            new PersonOptions { Id = "zoe@example.com", Name = "Zoe Adler", TimeZone = "Europe/Berlin" },
            new PersonOptions { Id = "yan@example.com", Name = "Yan Li", TimeZone = "Asia/Shanghai" },
            new PersonOptions { Id = "xav@example.com", Name = "Xavier Roy" },
        ],
        Groups = [new GroupOptions { Id = "risk", Members = ["yan@example.com", "xav@example.com"] }],
        Projects =
        [
            new ProjectOptions
            {
                Key = "fraud-detection",
                Name = "Fraud detection (configured)",
                Owners = ["zoe@example.com"],
                Feedback =
                [
                    new FeedbackOptions { Category = "IT & Operations", Assignees = ["xav@example.com"] },
                    new FeedbackOptions { Category = "Risk & Compliance", Assignees = ["group:risk"] },
                ],
                FinalApprover = "yan@example.com",
                Policy = new PolicyOptions
                {
                    Medium = new LevelPolicyOptions { RequiredCategories = ["Risk & Compliance"], RequiredEvidence = ["ModelCard"] },
                },
            },
        ],
        Infrastructures =
        [
            new InfrastructureOptions { Key = "prod-api", Policy = "prevent" },
            new InfrastructureOptions { Key = "sandbox", Policy = "always" },
        ],
    };

    /// <summary>
    /// <see cref="Valid"/> with fraud-detection configured without Feedback (owners zoe@ and xav@; its Medium policy
    /// requires Risk &amp; Compliance, a default category) and a second project, credit-scoring, with its own.
    /// </summary>
    public static GovernanceOptions WithoutFeedback()
    {
        var options = Valid();
        options.Projects[0].Feedback = [];
        options.Projects[0].Owners = ["zoe@example.com", "Xav@Example.com"];
        options.Projects.Add(new ProjectOptions
        {
            Key = "credit-scoring",
            Owners = ["zoe@example.com"],
            Feedback = [new FeedbackOptions { Category = "Business", Assignees = ["yan@example.com"] }],
            FinalApprover = "group:risk",
        });
        return options;
    }

    /// <summary>The errors <see cref="GovernanceBuilder"/> reports; empty when it built a model.</summary>
    public static IReadOnlyList<string> Errors(GovernanceOptions options)
    {
        var errors = new ConfigurationErrors();
        var model = GovernanceBuilder.Build(options, errors);
        Assert.Equal(errors.Any, model is null);
        return errors.All;
    }

    /// <summary>The options as flat configuration keys (<c>Governance:Projects:0:FinalApprover</c> …), as a file or env vars give them.</summary>
    public static Dictionary<string, string?> AsSettings(GovernanceOptions options)
    {
        var json = JsonSerializer.Serialize(
            new { Governance = options },
            new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull });
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        return configuration.AsEnumerable().Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
    }
}
