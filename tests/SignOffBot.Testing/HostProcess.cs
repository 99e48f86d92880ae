using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace SignOffBot.Testing;

/// <summary>
/// The built host (<c>src/SignOffBot.Host/bin/&lt;Configuration&gt;/net10.0/signoffbot.dll</c>), or another built
/// program, as its own OS process on a free loopback port, configured through environment variables
/// (<c>Section__Key</c>) and arguments. Used by the tests that need a real process and by the load bench.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    /// <summary>The build configuration of the running assembly (…/bin/&lt;Configuration&gt;/net10.0).</summary>
    public static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";

    /// <summary>Total CPU time the process used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static HostProcess Start(IReadOnlyDictionary<string, string> settings, string workingDirectory, string environment = "Production") =>
        StartProgram(RepoFile("src", "SignOffBot.Host", "bin", Configuration, "net10.0", "signoffbot.dll"), [], settings, workingDirectory, environment);

    /// <summary>
    /// A built program (<c>dotnet &lt;dll&gt; &lt;args&gt; --urls http://127.0.0.1:&lt;free port&gt;</c>), started through
    /// <paramref name="launcher"/> when one is given (say <c>taskset -c 0</c>, which runs the program in its own process).
    /// </summary>
    public static HostProcess StartProgram(string dll, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> settings, string workingDirectory, string environment = "Production", IReadOnlyList<string>? launcher = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(launcher is { Count: > 0 } ? launcher[0] : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        if (launcher is { Count: > 0 })
        {
            foreach (var part in launcher.Skip(1))
            {
                start.ArgumentList.Add(part);
            }

            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        start.Environment.Remove("SIGNOFFBOT_CONFIG");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Until <c>/healthz</c> answers 200 with storage ready (20 s at most).</summary>
    public Task WaitHealthyAsync(HttpClient client) =>
        WaitReadyAsync(client, "/healthz", TimeSpan.FromSeconds(20), body => body.Contains("\"storage\":\"ready\"", StringComparison.Ordinal));

    /// <summary>Until <paramref name="path"/> answers 200 (and <paramref name="ready"/> accepts the body); how long it took.</summary>
    public async Task<TimeSpan> WaitReadyAsync(HttpClient client, string path, TimeSpan timeout, Func<string, bool>? ready = null)
    {
        var waited = Stopwatch.StartNew();
        string last = "no answer";
        while (waited.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the process exited with {_process.ExitCode} before it was ready:\n{Log}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, path));
                var body = await response.Content.ReadAsStringAsync();
                last = $"{(int)response.StatusCode} {body}";
                if (response.StatusCode == HttpStatusCode.OK && (ready is null || ready(body)))
                {
                    return waited.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{path} was not ready within {timeout.TotalSeconds:F0} s (last: {last}):\n{Log}");
    }

    /// <summary>
    /// CPU time used so far by each live thread of the process named <paramref name="threadName"/> (its <c>comm</c> in
    /// /proc/&lt;pid&gt;/task, e.g. the runtime's <c>.NET Tiered Com</c>, which exits when idle and is started again), by
    /// thread id; empty where /proc is not there.
    /// </summary>
    public IReadOnlyDictionary<int, TimeSpan> ThreadCpuTimes(string threadName)
    {
        const double TicksPerSecond = 100; // USER_HZ, 100 on Linux
        var times = new Dictionary<int, TimeSpan>();
        var tasks = $"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/task";
        foreach (var task in Directory.Exists(tasks) ? Directory.GetDirectories(tasks) : [])
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != threadName)
                {
                    continue;
                }

                // After the command in parentheses: state is field 3, utime and stime fields 14 and 15.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                times[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = TimeSpan.FromSeconds(ticks / TicksPerSecond);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return times;
    }

    /// <summary>The process's peak resident set (VmHWM in /proc/&lt;pid&gt;/status), in MiB.</summary>
    public double PeakWorkingSetMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        _process.Refresh();
        return _process.PeakWorkingSet64 / 1024.0 / 1024.0;
    }

    /// <summary>SIGKILL on Linux: no shutdown hooks, no flush.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>A file under the folder holding SignOffBot.sln (found by walking up from the running assembly).</summary>
    public static string RepoFile(params string[] parts)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SignOffBot.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine([root?.FullName ?? throw new InvalidOperationException($"no SignOffBot.sln above {AppContext.BaseDirectory}"), .. parts]);
        return File.Exists(path) ? path : throw new FileNotFoundException($"build first: {path} is missing", path);
    }
}
