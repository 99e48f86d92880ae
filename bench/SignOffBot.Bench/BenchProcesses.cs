using SignOffBot.Testing;
using System.Text.Json.Nodes;

namespace SignOffBot.Bench;

/// <summary>The processes a bench run starts, through the tests' <see cref="HostProcess"/> (linked, not copied).</summary>
internal static class BenchProcesses
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(60); // a 100,000-item store takes a while to open

    /// <summary>
    /// The <c>--pin</c> layout: the host processes (and the bare Kestrel) on core 0 only, this process (the load, the
    /// platform fakes) on core 1 only, so the load generator does not take the host's CPU. Null: both share every core.
    /// </summary>
    public static (string HostCores, string LoadCores)? Pinned { get; private set; }

    /// <summary>Pins this process's threads (those to come inherit it) to <paramref name="loadCores"/>, and later hosts to <paramref name="hostCores"/>.</summary>
    public static void Pin(string hostCores, string loadCores)
    {
        using var taskset = System.Diagnostics.Process.Start("taskset", ["-a", "-pc", loadCores, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        taskset.WaitForExit();
        if (taskset.ExitCode != 0)
        {
            throw new InvalidOperationException($"taskset could not pin the bench to cores {loadCores} (exit {taskset.ExitCode})");
        }

        Pinned = (hostCores, loadCores);
    }

    private static IReadOnlyList<string>? Launcher => Pinned is { } pinned ? ["taskset", "-c", pinned.HostCores] : null;

    /// <summary>
    /// The host's DLL in the bench's configuration (Release), with the settings written to a --config file and
    /// <paramref name="secrets"/> (a connection string with its password) in its environment only.
    /// </summary>
    public static HostProcess StartHost(JsonObject settings, string folder, string name, IReadOnlyDictionary<string, string>? secrets = null)
    {
        var config = Path.Combine(folder, name + ".json");
        File.WriteAllText(config, settings.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var dll = HostProcess.RepoFile("src", "SignOffBot.Host", "bin", HostProcess.Configuration, "net10.0", "signoffbot.dll");
        // As the Dockerfile and the systemd unit run it (on one core, --pin, it matters: see bench/README).
        var environment = new Dictionary<string, string>(secrets ?? new Dictionary<string, string>()) { ["DOTNET_TC_DelaySingleProcMultiplier"] = "1" };
        return HostProcess.StartProgram(dll, ["--config", config], environment, folder, launcher: Launcher);
    }

    /// <summary>This tool's own DLL in <c>bare-kestrel</c> mode.</summary>
    public static HostProcess StartBareKestrel(string folder) =>
        HostProcess.StartProgram(typeof(BenchProcesses).Assembly.Location, ["bare-kestrel"], new Dictionary<string, string>(), folder, launcher: Launcher);

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
