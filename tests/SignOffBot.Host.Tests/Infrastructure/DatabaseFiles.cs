namespace SignOffBot.Host.Tests.Infrastructure;

public static class DatabaseFiles
{
    /// <summary>
    /// Waits until the stopped host has really closed the file. Under WebApplicationFactory the entry point disposes
    /// the services (and so the LiteDB file) on its own thread, which may still be checkpointing when DisposeAsync returns.
    /// </summary>
    public static async Task WaitUntilClosedAsync(string databasePath)
    {
        var log = Path.Combine(Path.GetDirectoryName(databasePath)!, Path.GetFileNameWithoutExtension(databasePath) + "-log" + Path.GetExtension(databasePath));
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (IsFree(databasePath) && (!File.Exists(log) || IsFree(log)))
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{databasePath} is still open 10 s after the host was disposed");
    }

    private static bool IsFree(string path)
    {
        try
        {
            using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
