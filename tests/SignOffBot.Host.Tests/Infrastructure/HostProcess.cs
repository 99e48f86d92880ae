using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace SignOffBot.Host.Tests.Infrastructure;

/// <summary>
/// The built host (<c>src/SignOffBot.Host/bin/&lt;Configuration&gt;/net10.0/SignOffBot.Host.dll</c>) as its own OS
/// process on a free loopback port, configured through environment variables (<c>Section__Key</c>).
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

    public static HostProcess Start(IReadOnlyDictionary<string, string> settings, string workingDirectory, string environment = "Production")
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(HostDll());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment.Remove("SIGNOFFBOT_CONFIG");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
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
    public async Task WaitHealthyAsync(HttpClient client)
    {
        var waited = Stopwatch.StartNew();
        string last = "no answer";
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the host exited with {_process.ExitCode} before it was healthy:\n{Log}");
            }

            try
            {
                using var response = await client.GetAsync("/healthz");
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (response.StatusCode == HttpStatusCode.OK && last.Contains("\"storage\":\"ready\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the host was not healthy within 20 s (last: {last}):\n{Log}");
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

    /// <summary>Walks up from the test assembly to the folder with SignOffBot.sln; the host built in the same configuration.</summary>
    private static string HostDll()
    {
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = baseDirectory.Parent?.Name ?? "Debug"; // …/bin/<Configuration>/net10.0
        var root = baseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SignOffBot.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"no SignOffBot.sln above {AppContext.BaseDirectory}");
        }

        var dll = Path.Combine(root.FullName, "src", "SignOffBot.Host", "bin", configuration, "net10.0", "SignOffBot.Host.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the host first: {dll} is missing", dll);
    }
}
