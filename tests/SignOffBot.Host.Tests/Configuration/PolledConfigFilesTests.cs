using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using SignOffBot.Host.Configuration;
using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.Configuration;

/// <summary>
/// Configuration files still reload when they change, seen by polling their own modification time; writes to other
/// files under the same folder (the store's file in data/) do not wake anything.
/// </summary>
public sealed class PolledConfigFilesTests : IDisposable
{
    private readonly string _folder = TempFolder.Create();

    [Fact]
    public async Task AFileThatReloadsOnChange_IsPolled_AndAChangeIsStillSeen()
    {
        var file = Path.Combine(_folder, "appsettings.json");
        File.WriteAllText(file, """{ "Api": { "Marker": "before" } }""");
        var builder = new ConfigurationManager();
        builder.SetBasePath(_folder);
        builder.AddJsonFile("appsettings.json", optional: false, reloadOnChange: true);

        builder.WatchConfigFilesByPolling();

        var source = Assert.Single(builder.Sources.OfType<JsonConfigurationSource>());
        var provider = Assert.IsType<PolledFileProvider>(source.FileProvider);
        Assert.Equal(Path.GetFullPath(_folder), provider.Root.TrimEnd('/'));
        Assert.Equal("before", builder["Api:Marker"]);

        Directory.CreateDirectory(Path.Combine(_folder, "data"));
        File.WriteAllText(Path.Combine(_folder, "data", "signoff.db"), "not a config file");
        File.WriteAllText(file, """{ "Api": { "Marker": "after" } }""");
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(2));
        for (var waited = 0; waited < 150 && builder["Api:Marker"] != "after"; waited++)
        {
            await Task.Delay(100);
        }

        Assert.Equal("after", builder["Api:Marker"]);
    }

    [Fact]
    public void TheDeploymentsOwnConfigFile_IsPolledFromTheStart()
    {
        var file = Path.Combine(_folder, "custom.json");
        File.WriteAllText(file, "{}");
        var builder = new ConfigurationManager();

        builder.AddSignOffBotConfigFile(["--config", file]);

        var source = Assert.Single(builder.Sources.OfType<JsonConfigurationSource>());
        Assert.IsType<PolledFileProvider>(source.FileProvider);
    }

    [Fact]
    public async Task TheRunningHost_WatchesNoFolder()
    {
        // The host as deployed: its own process, its store under the working directory, an appsettings.json beside it.
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), "{}");
        var settings = new Dictionary<string, string> { ["Storage:LiteDb:Path"] = Path.Combine(_folder, "data", "signoff.db") };
        using var host = HostProcess.Start(settings, _folder);
        using var client = host.Client();
        await host.WaitHealthyAsync(client);
        for (var i = 0; i < 20; i++)
        {
            // Writes to the store's file: a watcher of the folder would have its thread woken by each.
            using var _ = await client.GetAsync("/healthz");
        }

        var threads = Directory.GetDirectories($"/proc/{host.Id}/task")
            .Select(t => File.ReadAllText(Path.Combine(t, "comm")).Trim())
            .ToList();
        Assert.DoesNotContain(threads, t => t.StartsWith(".NET File Watch", StringComparison.Ordinal));
        Assert.Contains(threads, t => t.StartsWith(".NET TP Worker", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
