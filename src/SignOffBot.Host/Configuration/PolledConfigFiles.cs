using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace SignOffBot.Host.Configuration;

/// <summary>
/// Configuration files that reload on change are watched by polling their own modification time, not by a
/// <c>FileSystemWatcher</c>: that one listens to every file under the file's folder, subfolders included, and the
/// store's file usually lives in one of them (<c>data/signoff.db</c>), so every commit woke the watcher's thread
/// (about a tenth of the host's CPU under load in the bench's profile). A changed file is seen within the poll
/// interval (about 4 s) instead.
/// </summary>
public static class PolledConfigFiles
{
    /// <summary>A provider of the files in <paramref name="folder"/> that polls for their changes.</summary>
    public static PhysicalFileProvider For(string folder) => new PolledFileProvider(folder);

    /// <summary>
    /// The host builder's switch for its default appsettings files' reloading: set off, so that it does not start a
    /// watcher for them; <see cref="WatchConfigFilesByPolling"/> turns their reloading back on, polled.
    /// </summary>
    public const string HostReloadSwitch = "hostBuilder:reloadConfigOnChange";

    /// <summary>
    /// Gives every JSON file source that reloads on change, and the default appsettings files (added without reloading
    /// by the <see cref="HostReloadSwitch"/>), a polling provider that reloads them on change.
    /// </summary>
    public static void WatchConfigFilesByPolling(this IConfigurationBuilder configuration)
    {
        var sources = configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is not JsonConfigurationSource { Path: { } path } json
                || json.FileProvider is PolledFileProvider
                || !(json.ReloadOnChange || IsAppSettings(path)))
            {
                continue;
            }

            json.ReloadOnChange = true;

            var folder = (json.FileProvider ?? configuration.GetFileProvider()) is PhysicalFileProvider physical
                ? physical.Root
                : Directory.GetCurrentDirectory();
            var full = Path.GetFullPath(Path.Combine(folder, path));
            json.FileProvider = For(Path.GetDirectoryName(full)!);
            json.Path = Path.GetFileName(full);
            // Set again: the builder rebuilds its providers when a source is replaced.
            sources[i] = json;
        }
    }

    private static bool IsAppSettings(string path) =>
        Path.GetFileName(path).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
        && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Files polled for changes (with both settings on, no <c>FileSystemWatcher</c> is made at all).</summary>
public sealed class PolledFileProvider : PhysicalFileProvider
{
    public PolledFileProvider(string root)
        : base(root)
    {
        UsePollingFileWatcher = true;
        UseActivePolling = true;
    }
}
