using SignOffBot.Testing;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SignOffBot.Host.Governance;

namespace SignOffBot.Host.Tests.Infrastructure;

/// <summary>
/// The real host over a real LiteDB file in a temp folder, with fake time and API keys of the test's own.
/// Extra settings (e.g. a whole Governance section) go in through <see cref="Settings"/> before the first request.
/// </summary>
public sealed class HostFixture : WebApplicationFactory<Program>
{
    public const string AllScopesKey = "test-key-all-scopes";
    public const string ItemsOnlyKey = "test-key-items-only";
    public const string AuditOnlyKey = "test-key-audit-only";

    public HostFixture(string? databasePath = null)
    {
        Folder = databasePath is null ? TempFolder.Create() : Path.GetDirectoryName(databasePath)!;
        DatabasePath = databasePath ?? Path.Combine(Folder, "data", "signoff.db");
        Settings["Storage:LiteDb:Path"] = DatabasePath;
        AddKey(0, "ci-all", AllScopesKey, "items:write", "deploy:check", "audit:read", "outbox:write");
        AddKey(1, "items-only", ItemsOnlyKey, "items:write");
        AddKey(2, "audit-only", AuditOnlyKey, "audit:read");

        // Tests send hundreds of requests a second with one key; RateLimitApiTests set the limits they test.
        foreach (var surface in new[] { "Api", "Playground" })
        {
            Settings[$"RateLimits:{surface}:PerSecond"] = "100000";
            Settings[$"RateLimits:{surface}:Burst"] = "100000";
        }
    }

    public string Folder { get; }

    public string DatabasePath { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>
    /// Settings the host reads while its services are registered (e.g. whether an exporter is on), which
    /// <see cref="Settings"/> come too late for under WebApplicationFactory; given as host settings, as a deployment's
    /// configuration is there from the start.
    /// </summary>
    public Dictionary<string, string> StartSettings { get; } = new();

    /// <summary>Runs the host on the system clock instead of <see cref="Time"/> (for tests of real timing).</summary>
    public bool UseSystemClock { get; set; }

    /// <summary>The host environment (Development turns the playground on whatever else is configured).</summary>
    public string EnvironmentName { get; set; } = "Testing";

    /// <summary>Extra services the test puts in the host (e.g. a recording notice sender), before first use.</summary>
    public List<Action<IServiceCollection>> ExtraServices { get; } = [];

    /// <summary>The sample governance (appsettings.sample.json) as settings, for a test that changes some of them.</summary>
    public static Dictionary<string, string?> SampleGovernanceSettings() =>
        SampleGovernance.Section().AsEnumerable().Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>Puts the sample governance into <see cref="Settings"/>, where a test may then change some of it.</summary>
    public void UseSampleGovernance()
    {
        foreach (var (key, value) in SampleGovernanceSettings())
        {
            Settings[key] = value;
        }
    }

    public static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public HttpClient CreateClient(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>
    /// Stops the host; returns once its store file is closed too (the host's services close it while the factory is
    /// disposed, at times a moment after the factory returns), so a test that opens the file next finds it as a
    /// restarted host would, never beside the closing one.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        var until = Environment.TickCount64 + 10_000;
        while (File.Exists(DatabasePath) && SignOffBot.Host.Storage.LiteDbBackup.IsInUse(DatabasePath))
        {
            if (Environment.TickCount64 > until)
            {
                throw new InvalidOperationException($"The host's store {DatabasePath} is still open 10 s after the host was disposed.");
            }

            await Task.Delay(20);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        foreach (var (key, value) in StartSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(Settings));
        builder.ConfigureTestServices(services =>
        {
            if (!UseSystemClock)
            {
                services.AddSingleton<TimeProvider>(Time);
            }

            foreach (var configure in ExtraServices)
            {
                configure(services);
            }
        });
    }

    private void AddKey(int index, string name, string key, params string[] scopes)
    {
        Settings[$"Api:Keys:{index}:Name"] = name;
        Settings[$"Api:Keys:{index}:Sha256"] = Sha256Hex(key);
        for (var i = 0; i < scopes.Length; i++)
        {
            Settings[$"Api:Keys:{index}:Scopes:{i}"] = scopes[i];
        }
    }
}
