using LiteDB;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Governance;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.Playground;
using SignOffBot.Testing;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Configuration;

/// <summary>
/// The real host with a project configured without Feedback (<see cref="GovernanceFixtures.WithoutFeedback"/>): its
/// items are reviewed in the three default categories by the project's owners, and the host says so once at start.
/// </summary>
public sealed class DefaultFeedbackHostTests
{
    private const int DefaultFeedbackEventId = 1006;
    private const string Item = "fraud-detection/churn-xgb@7";
    private const string ItemUrl = "/api/v1/items/" + Item;
    private static readonly string[] Defaults = ["IT & Operations", "Risk & Compliance", "Business"];
    private static readonly string[] Owners = ["zoe@example.com", "xav@example.com"];

    [Fact]
    public async Task ItemOfAProjectWithoutFeedback_HasTheThreeDefaultSlots_AssignedToTheOwners_AndRequestFeedbackAsksAllThree()
    {
        string databasePath;
        await using (var app = Host(GovernanceFixtures.WithoutFeedback(), new TestLogs()))
        {
            databasePath = app.DatabasePath;
            var client = app.CreateClient(HostFixture.AllScopesKey);
            var registered = await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "zoe@example.com");
            Assert.Equal(Defaults, registered["signOff"]!["feedback"]!.AsArray().Select(s => (string?)s!["category"]));
            Assert.All(registered["signOff"]!["feedback"]!.AsArray(), s => Assert.Equal(Owners, s!["assignees"]!.AsArray().Select(a => (string?)a)));

            var item = await AssertOkAsync(await client.PostAsync(ItemUrl + "/request-feedback", ApiJson.Body(new { by = "zoe@example.com" })));

            Assert.Equal("feedback-requested", (string?)item["signOff"]!["state"]);
            Assert.All(item["signOff"]!["feedback"]!.AsArray(), s => Assert.True((bool?)s!["requested"], $"{s["category"]} is requested"));
            var requested = (await AuditOfAsync(client, Item)).Last()!;
            Assert.Equal("feedback-requested", (string?)requested["action"]);
            Assert.Equal("IT & Operations, Risk & Compliance, Business", (string?)requested["slot"]);
            Assert.Equal(item.ToJsonString(), (await AssertOkAsync(await client.GetAsync(ItemUrl))).ToJsonString());
        }

        await DatabaseFiles.WaitUntilClosedAsync(databasePath);
        using var raw = new LiteDatabase(new ConnectionString { Filename = databasePath, Connection = ConnectionType.Direct });
        var slots = raw.GetCollection(LiteDbSetup.Items).FindById(Item)["Feedback"].AsArray;
        Assert.Equal(Defaults, slots.Select(s => s["Category"].AsString));
        Assert.All(slots, s => Assert.Equal(Owners, s["Assignees"].AsArray.Select(a => a.AsString)));
        Assert.All(slots, s => Assert.True(s["Requested"].AsBoolean));
    }

    [Fact]
    public async Task Start_WarnsOnce_NamingTheProjectWithoutFeedback_AndTheKeyToSet()
    {
        var logs = new TestLogs();
        await using var app = Host(GovernanceFixtures.WithoutFeedback(), logs);

        var client = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "zoe@example.com");
        await ApiJson.RegisterAsync(client, "credit-scoring", "pd", "1", "zoe@example.com");

        var warning = Assert.Single(DefaultWarnings(logs));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(
            "Governance:Projects:0:Feedback is empty: fraud-detection gets the default categories IT & Operations, Risk & Compliance, Business, assigned to its owners",
            warning.Message);
    }

    [Fact]
    public async Task ProjectWithFeedback_IsUnchanged_AndNothingIsWarned()
    {
        var logs = new TestLogs();
        await using var app = Host(GovernanceFixtures.Valid(), logs);

        var client = app.CreateClient(HostFixture.AllScopesKey);
        var item = await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "zoe@example.com");

        Assert.Equal(["IT & Operations", "Risk & Compliance"], item["signOff"]!["feedback"]!.AsArray().Select(s => (string?)s!["category"]));
        Assert.Equal(["xav@example.com"], item["signOff"]!["feedback"]![0]!["assignees"]!.AsArray().Select(a => (string?)a));
        Assert.Empty(DefaultWarnings(logs));
    }

    [Fact]
    public async Task Reload_WarnsAgainOnlyWhenTheGovernanceChanged()
    {
        var logs = new TestLogs();
        await using var app = Host(GovernanceFixtures.WithoutFeedback(), logs);
        var client = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "zoe@example.com");
        var configuration = (IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>();
        Assert.Single(DefaultWarnings(logs));

        // A watched file signals a save even when nothing in it changed.
        configuration.Reload();
        Assert.Single(DefaultWarnings(logs));

        configuration["Governance:Projects:0:Name"] = "Fraud detection (renamed)";
        configuration.Reload();
        Assert.Equal(2, DefaultWarnings(logs).Count);
        Assert.Equal("Fraud detection (renamed)", app.Services.GetRequiredService<ConfiguredGovernance>().Current.FindProject("fraud-detection")!.Name);

        configuration["Governance:Projects:0:Feedback:0:Category"] = "Risk & Compliance";
        configuration["Governance:Projects:0:Feedback:0:Assignees:0"] = "yan@example.com";
        configuration.Reload();
        Assert.Equal(2, DefaultWarnings(logs).Count);
        Assert.Equal(["Risk & Compliance"], app.Services.GetRequiredService<ConfiguredGovernance>().Current.FindProject("fraud-detection")!.Feedback.Select(f => f.Category));
    }

    [Fact]
    public async Task RequiredCategoriesNamingADefaultCategory_IsAccepted_AndHoldsTheFinalApprovalUntilAnswered()
    {
        var options = GovernanceFixtures.WithoutFeedback();
        options.Projects[0].Policy.High = new LevelPolicyOptions { RequiredCategories = ["Business"] };
        await using var host = new PlaygroundFixture(app => Configure(app, options, new TestLogs()));
        await ApiJson.RegisterAsync(host.Api, "fraud-detection", "churn-xgb", "7", "zoe@example.com", risk: "high");
        await AssertOkAsync(await host.Api.PostAsync(ItemUrl + "/request-feedback", ApiJson.Body(new { by = "zoe@example.com" })));
        await AssertOkAsync(await host.Api.PostAsync(ItemUrl + "/request-final", ApiJson.Body(new { by = "zoe@example.com" })));

        var early = await ApiJson.ReadAsync(await host.PressAsync("yan@example.com", "final.approve", PlaygroundFixture.ApproveData("final", "ship it")));
        var business = await ApiJson.ReadAsync(await host.PressAsync("xav@example.com", "feedback.approve", PlaygroundFixture.ApproveData("Business", "fine")));
        var approved = await ApiJson.ReadAsync(await host.PressAsync("yan@example.com", "final.approve", PlaygroundFixture.ApproveData("final", "ship it")));

        Assert.Equal("private", (string?)early["reply"]);
        Assert.StartsWith("The high-risk review policy does not allow the final approval yet: ", (string?)early["text"], StringComparison.Ordinal);
        Assert.Contains("Business", (string?)early["text"], StringComparison.Ordinal);
        Assert.Equal("card", (string?)business["reply"]);
        Assert.Equal("card", (string?)approved["reply"]);
        Assert.Equal("approved", (string?)(await AssertOkAsync(await host.Api.GetAsync(ItemUrl)))["signOff"]!["state"]);
    }

    private static HostFixture Host(GovernanceOptions governance, TestLogs logs)
    {
        var app = new HostFixture();
        Configure(app, governance, logs);
        return app;
    }

    private static void Configure(HostFixture app, GovernanceOptions governance, TestLogs logs)
    {
        foreach (var (name, value) in GovernanceFixtures.AsSettings(governance))
        {
            app.Settings[name] = value;
        }

        app.ExtraServices.Add(services => services.AddSingleton<ILoggerProvider>(logs));
    }

    private static List<Microsoft.Extensions.Logging.Testing.FakeLogRecord> DefaultWarnings(TestLogs logs) =>
        logs.Entries.Where(e => e.Id.Id == DefaultFeedbackEventId).ToList();
}
