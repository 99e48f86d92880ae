using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Governance;
using SignOffBot.Host.Governance;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Configuration;

/// <summary>The embedded sample is used whole when no Governance section exists, and never merged with a configured one.</summary>
public sealed class SampleGovernanceTests
{
    [Fact]
    public void Load_WithoutAGovernanceSection_UsesTheWholeSample()
    {
        var (model, errors, fromSample) = ConfiguredGovernance.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:LiteDb:Path"] = "x.db" })
            .Build());

        Assert.True(fromSample);
        Assert.Empty(errors.All);
        Assert.NotNull(model);
        Assert.Equal(9, model.People.Count);
        Assert.Equal(["credit-scoring", "fraud-detection", "recommendations"], model.Projects.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(new Assignee("group:model-risk"), model.FindProject("fraud-detection")!.FinalApprover);
    }

    [Fact]
    public void Load_WithAGovernanceSection_UsesOnlyIt_NeverMergedWithTheSample()
    {
        var options = GovernanceFixtures.Valid();
        options.People.RemoveRange(1, 2);
        options.Groups.Clear();
        options.Projects[0].Feedback = [new FeedbackOptions { Category = "Business", Assignees = ["zoe@example.com"] }];
        options.Projects[0].FinalApprover = "zoe@example.com";
        options.Projects[0].Policy = new PolicyOptions();
        options.Infrastructures.RemoveAt(1);

        var (model, errors, fromSample) = ConfiguredGovernance.Load(new ConfigurationBuilder().AddInMemoryCollection(GovernanceFixtures.AsSettings(options)).Build());

        Assert.False(fromSample);
        Assert.True(model is not null, string.Join("\n", errors.All));
        // Merged index by index, People:0 would overlay ana@ and the other eight sample people would remain.
        Assert.Equal(["zoe@example.com"], model.People.Select(p => p.Id));
        Assert.Null(model.FindPerson("ana@example.com"));
        Assert.Empty(model.Groups);
        var project = Assert.Single(model.Projects);
        Assert.Equal(["Business"], project.Feedback.Select(f => f.Category));
        Assert.Empty(project.ReleaseChannels);
        Assert.Equal(["prod-api"], model.Infrastructures.Select(i => i.Key));
    }

    [Fact]
    public async Task Host_WithoutAGovernanceSection_RegistersForASamplePerson()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "ana@example.com");

        Assert.True(app.Services.GetRequiredService<ConfiguredGovernance>().IsSample);
    }

    [Fact]
    public async Task Host_WithAConfiguredGovernance_DoesNotKnowSamplePeople()
    {
        await using var app = new HostFixture();
        foreach (var (name, value) in GovernanceFixtures.AsSettings(GovernanceFixtures.Valid()))
        {
            app.Settings[name] = value;
        }

        var client = app.CreateClient(HostFixture.AllScopesKey);
        var asSamplePerson = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "fraud-detection", name = "churn-xgb", version = "7", kind = "model", risk = "low", owner = "ana@example.com" }));
        var samplePerson = await asSamplePerson.Content.ReadAsStringAsync();
        var sampleProject = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "credit-scoring", name = "pd", version = "1", kind = "model", risk = "low", owner = "zoe@example.com" }));

        Assert.NotEqual(HttpStatusCode.Created, asSamplePerson.StatusCode);
        Assert.Contains("ana@example.com", samplePerson, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Created, sampleProject.StatusCode);
        Assert.Contains("credit-scoring", await sampleProject.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var configured = await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "zoe@example.com");
        Assert.Equal("zoe@example.com", (string?)configured["owner"]);
        var governance = app.Services.GetRequiredService<ConfiguredGovernance>();
        Assert.False(governance.IsSample);
        Assert.Equal(3, governance.Current.People.Count);
    }
}
