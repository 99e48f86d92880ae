using SignOffBot.Testing;
using System.Text.Json.Nodes;

namespace SignOffBot.Bench;

/// <summary>The processes a bench run starts, through the tests' <see cref="HostProcess"/> (linked, not copied).</summary>
internal static class BenchProcesses
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(60); // a 100,000-item store takes a while to open

    /// <summary>
    /// The host's DLL in the bench's configuration (Release), with the settings written to a --config file and
    /// <paramref name="secrets"/> (a connection string with its password) in its environment only.
    /// </summary>
    public static HostProcess StartHost(JsonObject settings, string folder, string name, IReadOnlyDictionary<string, string>? secrets = null)
    {
        var config = Path.Combine(folder, name + ".json");
        File.WriteAllText(config, settings.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var dll = HostProcess.RepoFile("src", "SignOffBot.Host", "bin", HostProcess.Configuration, "net10.0", "signoffbot.dll");
        return HostProcess.StartProgram(dll, ["--config", config], secrets ?? new Dictionary<string, string>(), folder);
    }

    /// <summary>This tool's own DLL in <c>bare-kestrel</c> mode.</summary>
    public static HostProcess StartBareKestrel(string folder) =>
        HostProcess.StartProgram(typeof(BenchProcesses).Assembly.Location, ["bare-kestrel"], new Dictionary<string, string>(), folder);

    /// <summary>Until <paramref name="path"/> answers 200 (60 s at most).</summary>
    public static Task<TimeSpan> WaitReadyAsync(this HostProcess process, HttpClient client, string path) =>
        process.WaitReadyAsync(client, path, Ready);

    /// <summary>Adds <c>Section:Key</c> settings (as the fakes give them) to <paramref name="config"/>.</summary>
    public static JsonObject Merge(JsonObject config, IReadOnlyDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            var parts = key.Split(':');
            var node = config;
            foreach (var part in parts[..^1])
            {
                node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject())!;
            }

            node[parts[^1]] = value;
        }

        return config;
    }
}
