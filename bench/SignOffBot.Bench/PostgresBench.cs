using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using SignOffBot.Core.Reminders;
using SignOffBot.Host.Reminders;
using SignOffBot.Host.Storage.Postgres;
using SignOffBot.Testing;
using SignOffBot.Testing.Slack;
using SignOffBot.Testing.Teams;

namespace SignOffBot.Bench;

/// <summary>
/// <c>postgres</c>: the host on a durable PostgreSQL server (its own, started by <c>.ci/postgres</c> with
/// <c>SIGNOFFBOT_POSTGRES_DURABLE=1</c>), with one host process and then two on the same database taking requests in
/// turn: decisions (signed Slack and JWT Teams answers) and deploy-checks, against the server's own limit measured in
/// the same run (<c>pgbench</c>'s simple-update transactions per second on the same server).
/// </summary>
internal static partial class PostgresBench
{
    private const string DeployProject = "fraud-detection";
    private const string DeployName = "fleet";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var report = new Report();
        report.Machine();
        var folder = Path.Combine(Path.GetTempPath(), "signoffbot-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var server = Path.Combine(folder, "postgres");
        var total = Stopwatch.StartNew();
        var started = await ScriptAsync("start", server);
        try
        {
            var root = new NpgsqlConnectionStringBuilder(started) { Pooling = false };
            report.Line($"PostgreSQL {Version(root.ConnectionString)} on 127.0.0.1:{root.Port}, durable (fsync, synchronous_commit and full_page_writes on), max_connections 300");

            // ---------------------------------------------------------------- limit
            report.Section("limit: pgbench simple-update on the same server");
            Execute(root.ConnectionString, "CREATE DATABASE pgbench");
            await PgbenchAsync(root, ["-i", "-q", "-s", "10", "pgbench"]);
            var limits = new Dictionary<int, double>();
            foreach (var clients in new[] { 16, 64 })
            {
                limits[clients] = Tps(await PgbenchAsync(root, ["-b", "simple-update", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", Math.Max(5, (int)options.DecisionTime.TotalSeconds).ToString(CultureInfo.InvariantCulture), "pgbench"]));
                report.Line($"pgbench -b simple-update -c {clients,2} -j 2 -T {Math.Max(5, (int)options.DecisionTime.TotalSeconds)}: {limits[clients],7:F0} transactions/s");
            }

            var limit = limits.Values.Max();

            // ---------------------------------------------------------------- seeding
            report.Section("seeding");
            Execute(root.ConnectionString, "CREATE DATABASE signoffbot");
            var store = new NpgsqlConnectionStringBuilder(started) { Database = "signoffbot" }.ConnectionString;
            var governance = Seeder.SampleGovernance();
            var reminderSettings = new ReminderOptions().ToSettings();
            var planner = new ReminderPlanner(() => reminderSettings, governance);
            using (var storage = PostgresStorage.Open(store))
            {
                foreach (var (name, count, slot) in new[] { (Decisions.Name, options.DecisionItems, Decisions.Slot), ("churn-two", options.DecisionItems, Decisions.Slot), (DeployName, options.LargeItems, Large.Slot) })
                {
                    var took = Seeder.Seed(storage.UnitOfWork, storage.SignOffs, governance, planner, Decisions.Project, name, count, slot, writers: 32);
                    report.Line($"seeded {count} items {Decisions.Project}/{name}@… with {slot} requested through the store in {took.TotalSeconds:F1} s");
                }
            }

            report.Line($"outbox marked sent: {Execute(store, "UPDATE outbox SET status = 'sent' WHERE status = 'waiting'")}");

            await using var slack = await FakeSlackApi.StartAsync();
            await using var bot = await FakeBotFramework.StartAsync();
            var settings = Settings(slack, bot);
            var results = new List<(int Hosts, string What, LoadResult Load)>();
            var verified = true;

            // ---------------------------------------------------------------- one host, then two
            using var first = BenchProcesses.StartHost(settings, folder, "host-1", Secrets(store));
            using var api = Client(first.BaseAddress);
            report.Line($"host 1 ready in {(await first.WaitReadyAsync(api, "/healthz")).TotalSeconds:F1} s");
            await Decisions.InstallInTeamAsync(api, bot);
            HostProcess? second = null;
            try
            {
                foreach (var hosts in new[] { 1, 2 })
                {
                    report.Section($"{hosts} host{(hosts == 1 ? "" : "s")} on the database{(hosts == 2 ? ", requests in turn" : "")}");
                    if (hosts == 2)
                    {
                        second = BenchProcesses.StartHost(settings, folder, "host-2", Secrets(store));
                        using var probe = Client(second.BaseAddress);
                        report.Line($"host 2 ready in {(await second.WaitReadyAsync(probe, "/healthz")).TotalSeconds:F1} s");
                    }

                    var run = new Decisions(first.BaseAddress, slack, bot, options.DecisionItems, name: hosts == 1 ? Decisions.Name : "churn-two", secondHost: second?.BaseAddress);
                    await Load.RunAsync(16, options.Warmup, run.PressAsync);
                    foreach (var clients in new[] { 16, 64 })
                    {
                        var result = await Load.RunAsync(clients, options.DecisionTime, run.PressAsync);
                        results.Add((hosts, "decisions", result));
                        report.Line(result.Line("decisions (acks)"));
                    }

                    var (checkedAcks, problems) = await run.VerifyAsync(api);
                    report.Line($"verify: {checkedAcks} acknowledged answers ({run.Sent} sent), {problems.Count} missing or duplicated" + (problems.Count > 0 ? ":\n  " + string.Join("\n  ", problems.Take(10)) : ""));
                    verified &= problems.Count == 0;

                    var clientsOf = new[] { first, second }.OfType<HostProcess>().Select(h => Client(h.BaseAddress)).ToArray();
                    var turn = 0;
                    Task<bool?> Check() => BenchHttp.Ok(clientsOf[Interlocked.Increment(ref turn) % clientsOf.Length].GetAsync(
                        $"/api/v1/deploy-check?item={DeployProject}/{DeployName}@{Random.Shared.Next(1, options.LargeItems + 1)}&infrastructure=prod-api"));
                    await Load.RunAsync(16, TimeSpan.FromSeconds(1), Check);
                    foreach (var clients in new[] { 16, 64 })
                    {
                        var result = await Load.RunAsync(clients, options.DeployTime, Check);
                        results.Add((hosts, "deploy-check", result));
                        report.Line(result.Line("deploy-check"));
                    }

                    foreach (var client in clientsOf)
                    {
                        client.Dispose();
                    }

                    report.Line($"host CPU so far: host 1 {first.CpuTime.TotalSeconds:F1} s" + (second is null ? "" : $", host 2 {second.CpuTime.TotalSeconds:F1} s"));
                }

                var audit = JsonNode.Parse(await api.GetStringAsync("/api/v1/audit/verify"))!;
                report.Line($"audit verify: {audit.ToJsonString()}");
                verified &= (bool?)audit["ok"] == true;
            }
            finally
            {
                second?.Dispose();
            }

            // ---------------------------------------------------------------- summary
            report.Section($"against the server's limit ({limit:F0} simple-update transactions/s)");
            foreach (var what in new[] { "decisions", "deploy-check" })
            {
                foreach (var clients in new[] { 16, 64 })
                {
                    var one = results.Single(r => r.Hosts == 1 && r.What == what && r.Load.Clients == clients).Load;
                    var two = results.Single(r => r.Hosts == 2 && r.What == what && r.Load.Clients == clients).Load;
                    report.Line($"{what,-13} {clients,2} clients: 1 host {one.PerSecond,6:F0}/s ({one.PerSecond / limit:F2}× pgbench), 2 hosts {two.PerSecond,6:F0}/s ({two.PerSecond / limit:F2}× pgbench), 2 hosts / 1 host {two.PerSecond / one.PerSecond:F2}, p99 {one.Percentile(99):F0} / {two.Percentile(99):F0} ms");
                }
            }

            report.Line($"acknowledged answers all stored exactly once, audit chain verifies: {(verified ? "yes" : "NO")}");
            report.Line($"total {total.Elapsed.TotalMinutes:F1} min");
            return verified ? 0 : 1;
        }
        finally
        {
            await ScriptAsync("stop", server);
            if (!options.Keep)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private static JsonObject Settings(FakeSlackApi slack, FakeBotFramework bot)
    {
        var settings = BenchHttp.HostSettings("", slack, bot);
        settings["Storage"] = new JsonObject { ["Provider"] = "Postgres" }; // the connection string goes in the environment (Secrets)
        return settings;
    }

    private static Dictionary<string, string> Secrets(string connectionString) => new() { ["Storage:Postgres:ConnectionString"] = connectionString };

    private static HttpClient Client(Uri host) => BenchHttp.Client(host, Decisions.ApiKey);

    /// <summary>Runs <c>.ci/postgres start|stop &lt;folder&gt;</c> (durable); returns what it printed (start: the connection string).</summary>
    private static async Task<string> ScriptAsync(string command, string folder)
    {
        var start = new ProcessStartInfo(HostProcess.RepoFile(".ci", "postgres")) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(folder);
        start.Environment["SIGNOFFBOT_POSTGRES_DURABLE"] = "1";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($".ci/postgres {command} failed: {error}");
    }

    /// <summary>Runs pgbench against the server, the password in its environment (never on the command line).</summary>
    private static async Task<string> PgbenchAsync(NpgsqlConnectionStringBuilder server, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("pgbench") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-h", "127.0.0.1", "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.Username!, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PGPASSWORD"] = server.Password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output + await error : throw new InvalidOperationException($"pgbench {string.Join(' ', args)} failed: {await error}");
    }

    private static double Tps(string pgbench) =>
        TpsLine().Match(pgbench) is { Success: true } match
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"no tps in pgbench's output:\n{pgbench}");

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    private static int Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteNonQuery();
    }

    private static string Version(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection.PostgreSqlVersion.ToString();
    }
}
