using SignOffBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Api;

/// <summary>At start the host warns about every key that can act on any project, or name any person.</summary>
public sealed class ApiKeyStartupWarningTests
{
    [Fact]
    public async Task Start_WarnsOncePerKeyWithoutLimits_NamingWhatIsMissing()
    {
        await using var app = new HostFixture();
        ApiTestKit.AddKey(app, 3, "fraud-ci", "k3", ["items:write", "deploy:check"], projects: ["fraud-detection"], actAs: ["ana@example.com"]);
        ApiTestKit.AddKey(app, 4, "fraud-reader", "k4", ["audit:read"], projects: ["fraud-detection"]);
        ApiTestKit.AddKey(app, 5, "any-project-as-ana", "k5", ["items:write"], actAs: ["ana@example.com"]);
        var logs = new TestLogs();
        app.ExtraServices.Add(services => services.AddSingleton<ILoggerProvider>(logs));

        using var client = app.CreateClient();
        await client.GetAsync("/healthz");

        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.StartsWith("API key '", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Equal(4, warnings.Count);
        Assert.Contains("API key 'ci-all' has no Projects: it can act on every project; no ActAs: its requests can name any person in by and owner.", warnings[0], StringComparison.Ordinal);
        Assert.Contains(warnings, w => w.StartsWith("API key 'items-only' has no Projects: it can act on every project; no ActAs:", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("API key 'audit-only' has no Projects: it can act on every project.", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("API key 'any-project-as-ana' has no Projects: it can act on every project.", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.Contains("fraud-", StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.Contains("--projects", w, StringComparison.Ordinal));
    }
}
