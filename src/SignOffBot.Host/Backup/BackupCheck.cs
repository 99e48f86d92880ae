using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Backup;

/// <summary>What <c>backup</c> and <c>restore</c> share: checking a copy and saying what it holds, and writing a file whole.</summary>
internal static class BackupCheck
{
    /// <summary>Opens <paramref name="file"/> and verifies its audit chain; null (said why on <paramref name="error"/>) when it fails.</summary>
    public static StoreCheck? Report(string file, TextWriter error)
    {
        StoreCheck check;
        try
        {
            check = LiteDbBackup.Check(file);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{file} does not open as a store: {e.Message}");
            return null;
        }

        if (!check.Audit.Ok)
        {
            error.WriteLine($"{file} fails verification: its audit chain is broken at event {check.Audit.BrokenAt} "
                + $"({check.Audit.Events} events before it hold): the trail was altered after it was written.");
            return null;
        }

        return check;
    }

    public static string Summary(StoreCheck check) => $"{check.Items} items, {check.Audit.Events} audit events, audit chain ok";

    /// <summary><paramref name="path"/> on the host at <paramref name="host"/>, which may have a path of its own (behind a proxy).</summary>
    public static Uri Endpoint(Uri host, string path) => new(host.GetLeftPart(UriPartial.Path).TrimEnd('/') + path);

    /// <summary>Writes <paramref name="content"/> to a temporary file next to <paramref name="target"/>, flushes it to the disk, then renames it into place.</summary>
    public static async Task WriteFileAsync(string target, Stream content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await content.CopyToAsync(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
