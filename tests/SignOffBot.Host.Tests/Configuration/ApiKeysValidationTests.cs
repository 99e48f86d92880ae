using SignOffBot.Host.Api;
using SignOffBot.Host.Configuration;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Configuration;

/// <summary><c>Api:Keys</c> entries are checked at start; a bad one stops the host naming its key.</summary>
[Collection(HostStart.Collection)]
public sealed class ApiKeysValidationTests
{
    // The test application configures keys 0 to 2; each case adds a fourth.
    public static TheoryData<string, string, string, string> BadKeys() => new()
    {
        { "not hex", "zz" + new string('0', 62), ApiScopes.ItemsWrite, "Api:Keys:3:Sha256" },
        { "too short", new string('a', 63), ApiScopes.ItemsWrite, "Api:Keys:3:Sha256" },
        { "unknown scope", new string('a', 64), "items:delete", "Api:Keys:3:Scopes:0" },
        { "duplicate name", new string('a', 64), ApiScopes.AuditRead, "Api:Keys:3:Name" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task Host_WithABadKeyEntry_RefusesToStart_NamingTheKey(string why, string sha256, string scope, string key)
    {
        var message = await HostStart.RefusalAsync(app =>
        {
            app.Settings["Api:Keys:3:Name"] = why == "duplicate name" ? "ci-all" : "extra";
            app.Settings["Api:Keys:3:Sha256"] = sha256;
            app.Settings["Api:Keys:3:Scopes:0"] = scope;
        });

        Assert.Contains("SignOffBot cannot start", message, StringComparison.Ordinal);
        Assert.Contains(key + ": ", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Projects", "credit-risk", "Api:Keys:3:Projects:0", "'credit-risk' is not a project")]
    [InlineData("ActAs", "mallory@example.com", "Api:Keys:3:ActAs:0", "'mallory@example.com' is not a person")]
    [InlineData("ActAs", "group:release-managers", "Api:Keys:3:ActAs:0", "'release-managers' is not a group")]
    public async Task Host_WithAKeyLimitedToAnUnknownProjectOrPerson_RefusesToStart_NamingTheKey(string field, string value, string key, string problem)
    {
        var message = await HostStart.RefusalAsync(app =>
        {
            app.Settings["Api:Keys:3:Name"] = "fraud-ci";
            app.Settings["Api:Keys:3:Sha256"] = new string('a', 64);
            app.Settings["Api:Keys:3:Scopes:0"] = ApiScopes.DeployCheck;
            app.Settings[$"Api:Keys:3:{field}:0"] = value;
        });

        Assert.Contains(key + ": key 'fraud-ci': " + problem, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_ReadsTheLimits_WithoutCheckingNamesWhenNoGovernanceIsGiven()
    {
        var options = new ApiOptions
        {
            Keys =
            [
                new ApiKeyOptions { Name = "fraud-ci", Sha256 = HostFixture.Sha256Hex("k1"), Scopes = [ApiScopes.DeployCheck], Projects = [" fraud-detection "], ActAs = ["Ana@Example.com", "group:Release"] },
                new ApiKeyOptions { Name = "open", Sha256 = HostFixture.Sha256Hex("k2"), Scopes = [ApiScopes.AuditRead] },
                new ApiKeyOptions { Name = "blank", Sha256 = HostFixture.Sha256Hex("k3"), Projects = [" "] },
            ],
        };
        var errors = new ConfigurationErrors();

        var keys = ApiKeyRegistry.Keys(options, errors);

        Assert.Equal(["fraud-ci", "open"], keys.Select(k => k.Name));
        Assert.Equal(["fraud-detection"], keys[0].Projects);
        Assert.Equal(["ana@example.com", "group:release"], keys[0].ActAs);
        Assert.Null(keys[1].Projects);
        Assert.Null(keys[1].ActAs);
        Assert.StartsWith("Api:Keys:2:Projects:0: ", Assert.Single(errors.All), StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_ListsEveryBadEntry_AndKeepsTheGoodOnes()
    {
        var options = new ApiOptions
        {
            Keys =
            [
                new ApiKeyOptions { Name = "ci", Sha256 = HostFixture.Sha256Hex("k1"), Scopes = [ApiScopes.ItemsWrite, ApiScopes.DeployCheck] },
                new ApiKeyOptions { Name = "CI", Sha256 = HostFixture.Sha256Hex("k2"), Scopes = [ApiScopes.AuditRead] },
                new ApiKeyOptions { Name = "bad-hash", Sha256 = "not-a-hash", Scopes = ["audit:write"] },
                new ApiKeyOptions { Name = "", Sha256 = HostFixture.Sha256Hex("k4") },
            ],
        };
        var errors = new ConfigurationErrors();

        var keys = ApiKeyRegistry.Keys(options, errors);

        Assert.Equal(["ci"], keys.Select(k => k.Name));
        Assert.Equal(
            ["Api:Keys:1:Name", "Api:Keys:2:Sha256", "Api:Keys:2:Scopes:0", "Api:Keys:3:Name"],
            errors.All.Select(e => e[..e.IndexOf(": ", StringComparison.Ordinal)]));
    }
}
