using SignOffBot.Testing;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Configuration;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Configuration;

/// <summary>SPEC section 7: invalid configuration stops the host at start; a configured Governance replaces the sample whole.</summary>
public sealed class HostStartupTests
{
    [Fact]
    public async Task Host_WhenTheFinalApproverIsAnUnknownGroup_RefusesToStartNamingTheKey()
    {
        var app = new HostFixture();
        MinimalGovernance(app.Settings);
        app.Settings["Governance:Projects:0:FinalApprover"] = "group:nobody";

        var invalid = await AssertRefusesToStartAsync(app);

        Assert.Contains("Governance:Projects:0:FinalApprover", invalid.Message, StringComparison.Ordinal);
        Assert.Contains(invalid.Errors, e => e.StartsWith("Governance:Projects:0:FinalApprover:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_WhenAnApiKeyHashIsNotHex_RefusesToStartNamingTheKey()
    {
        var app = new HostFixture();
        app.Settings["Api:Keys:0:Sha256"] = "not-a-sha-256";

        var invalid = await AssertRefusesToStartAsync(app);

        Assert.Contains("Api:Keys:0:Sha256", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WhenAnApiKeyHasAnUnknownScope_RefusesToStartNamingTheKey()
    {
        var app = new HostFixture();
        app.Settings["Api:Keys:1:Scopes:0"] = "items:delete";

        var invalid = await AssertRefusesToStartAsync(app);

        Assert.Contains("Api:Keys:1:Scopes:0", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WhenAGovernanceSectionIsConfigured_UsesItInsteadOfTheSampleEntirely()
    {
        await using var app = new HostFixture();
        MinimalGovernance(app.Settings);
        var client = app.CreateClient(HostFixture.AllScopesKey);

        var sample = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "fraud-detection", name = "churn-xgb", version = "7", kind = "model", risk = "low", owner = "ana@example.com" }));
        Assert.Equal(HttpStatusCode.NotFound, sample.StatusCode);
        Assert.Contains("fraud-detection", await sample.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await ApiJson.RegisterAsync(client, "zed-lab", "forecaster", "1", "zed@example.com");
        var check = await client.GetAsync("/api/v1/deploy-check?item=zed-lab%2Fforecaster%401&infrastructure=zed-prod");
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var sampleInfrastructure = await client.GetAsync("/api/v1/deploy-check?item=zed-lab%2Fforecaster%401&infrastructure=prod-api");
        Assert.Equal(HttpStatusCode.NotFound, sampleInfrastructure.StatusCode);
    }

    [Fact]
    public async Task Host_WhenNoGovernanceSectionIsConfigured_UsesTheSample()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "ana@example.com");
        var zed = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "zed-lab", name = "forecaster", version = "1", kind = "model", risk = "low", owner = "zed@example.com" }));
        Assert.Equal(HttpStatusCode.NotFound, zed.StatusCode);
    }

    /// <summary>One person, one project, one infrastructure.</summary>
    private static void MinimalGovernance(Dictionary<string, string?> settings)
    {
        settings["Governance:People:0:Id"] = "zed@example.com";
        settings["Governance:People:0:Name"] = "Zed";
        settings["Governance:Projects:0:Key"] = "zed-lab";
        settings["Governance:Projects:0:Owners:0"] = "zed@example.com";
        settings["Governance:Projects:0:FinalApprover"] = "zed@example.com";
        settings["Governance:Infrastructures:0:Key"] = "zed-prod";
        settings["Governance:Infrastructures:0:Policy"] = "prevent";
    }

    /// <summary>
    /// Starts the host and expects it to stop. Program.cs catches <see cref="InvalidConfigurationException"/> to print
    /// its message and exit 1, so in process the factory only sees a host that is gone; the exception itself is found
    /// in what the host logged when it failed to start (or inside the thrown exception, should it ever be rethrown).
    /// </summary>
    private static async Task<InvalidConfigurationException> AssertRefusesToStartAsync(HostFixture app)
    {
        var logs = new TestLogs();
        app.ExtraServices.Add(services => services.AddSingleton<ILoggerProvider>(logs));
        Exception? thrown = null;
        try
        {
            using var client = app.CreateClient();
        }
        catch (Exception e)
        {
            thrown = e;
        }

        try
        {
            await app.DisposeAsync();
        }
        catch (Exception)
        {
            // Disposing a host that never started may report the failure again; the start is what is under test.
        }

        Assert.True(thrown is not null, "the host started although its configuration is invalid");
        var invalid = Find(thrown) ?? logs.Entries.Select(e => Find(e.Exception)).FirstOrDefault(e => e is not null);
        Assert.True(invalid is not null, $"expected an InvalidConfigurationException, thrown or logged; thrown: {thrown}");
        return invalid;
    }

    private static InvalidConfigurationException? Find(Exception? e) => InvalidConfigurationException.From(e);
}
