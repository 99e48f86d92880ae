using System.Diagnostics;

namespace SignOffBot.Host.Tests.AdaptiveCards;

/// <summary>
/// Runs the shared card validators (<c>../shared/tools/cards</c>, see its README) from the tests: finds the
/// repository root, installs the validators' node packages into <c>obj/card-tools</c> once per test run, and runs
/// <c>node ../shared/tools/cards/&lt;script&gt;</c> with <c>NODE_PATH</c> pointing there.
/// </summary>
public static class CardTools
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private static bool _installed;

    public static string Root { get; } = FindRoot();

    public static string ToolsFolder => Path.GetFullPath(Path.Combine(Root, "..", "shared", "tools", "cards"));

    public static string PackagesFolder => Path.Combine(Root, "obj", "card-tools");

    public static string NodeModules => Path.Combine(PackagesFolder, "node_modules");

    public static async Task<ToolRun> RunAsync(string script, params string[] args)
    {
        await EnsureInstalledAsync();
        return await RunProcessAsync("node", [Path.Combine(ToolsFolder, script), .. args], RunTimeout);
    }

    /// <summary>A node script of the tests' own (e.g. a browser walkthrough), with the same packages (playwright-core).</summary>
    public static async Task<ToolRun> RunOwnScriptAsync(string script, TimeSpan timeout, params string[] args)
    {
        await EnsureInstalledAsync();
        return await RunProcessAsync("node", [script, .. args], timeout);
    }

    /// <summary>npm ci into obj/card-tools unless it holds the same lock file already; once per run, under a lock.</summary>
    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (_installed)
            {
                return;
            }

            using var fileLock = await LockFileAsync(Path.Combine(Root, "obj", "card-tools.lock"));
            var sharedLock = Path.Combine(ToolsFolder, "package-lock.json");
            var ourLock = Path.Combine(PackagesFolder, "package-lock.json");
            var current = Directory.Exists(NodeModules)
                && File.Exists(ourLock)
                && File.ReadAllText(ourLock) == File.ReadAllText(sharedLock);
            if (!current)
            {
                Directory.CreateDirectory(PackagesFolder);
                File.Copy(Path.Combine(ToolsFolder, "package.json"), Path.Combine(PackagesFolder, "package.json"), overwrite: true);
                File.Copy(sharedLock, ourLock, overwrite: true);
                var install = await RunProcessAsync("npm", ["ci", "--prefix", "obj/card-tools", "--no-audit", "--no-fund"], InstallTimeout);
                if (install.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci --prefix obj/card-tools failed ({install.ExitCode}):\n{install.StdOut}\n{install.StdErr}");
                }
            }

            _installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<FileStream> LockFileAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (deadline.Elapsed < InstallTimeout)
            {
                // Another test process is installing.
                await Task.Delay(200);
            }
        }
    }

    private static async Task<ToolRun> RunProcessAsync(string program, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NODE_PATH"] = NodeModules;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }

            await process.WaitForExitAsync();
            return new ToolRun(-1, await stdout, $"{await stderr}\n{program} timed out after {timeout}");
        }

        return new ToolRun(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SignOffBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"SignOffBot.sln not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>The outcome of one tool run.</summary>
public sealed record ToolRun(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}
