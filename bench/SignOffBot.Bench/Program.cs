using SignOffBot.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SignOffBot.Bench;
using static SignOffBot.Bench.BenchHttp;
using SignOffBot.Host.Reminders;
using SignOffBot.Host.Storage.Documents;
using SignOffBot.Testing.Slack;
using SignOffBot.Testing.Teams;
using Microsoft.Extensions.Logging.Abstractions;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length > 0 && args[0] == "bare-kestrel")
{
    await BareKestrel.RunAsync(args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "postgres")
{
    return await PostgresBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "store-probe")
{
    var probeFolder = Path.Combine(Path.GetTempPath(), "signoffbot-bench", Guid.NewGuid().ToString("N"));
    var probeItems = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000;
    Directory.CreateDirectory(probeFolder);
    var (limitWrites, limitTook) = Limits.LiteDbWrites(probeFolder, TimeSpan.FromSeconds(4), asTheStoreOpensIt: true, Durability.Log);
    Console.WriteLine($"durable single-document writes as the store commits (insert + log on disk): {limitWrites / limitTook.TotalSeconds:F0}/s");
    foreach (var auditOnly in new[] { false, true })
    {
        foreach (var threads in new[] { 1, 16, 64 })
        {
            StoreProbe.RunChecks(Path.Combine(probeFolder, $"{auditOnly}-{threads}"), probeItems, threads, TimeSpan.FromSeconds(3), auditOnly);
        }
    }

    foreach (var threads in new[] { 1, 16, 64 })
    {
        StoreProbe.RunDecisions(Path.Combine(probeFolder, $"decisions-{threads}"), probeItems, threads, TimeSpan.FromSeconds(3));
    }

    Directory.Delete(probeFolder, recursive: true);
    return 0;
}

var options = BenchOptions.Parse(args);
if (HostProcess.Configuration != "Release")
{
    Console.Error.WriteLine($"warning: this is a {HostProcess.Configuration} build; the figures in bench/README.md come from -c Release.");
}

var report = new Report();
report.Machine();
if (options.Pin)
{
    BenchProcesses.Pin(hostCores: "0", loadCores: "1");
    report.Line("layout: pinned (--pin): the host processes and the bare Kestrel on core 0, the load generator and the platform fakes on core 1");
}
else
{
    report.Line("layout: shared: the host, the load generator and the platform fakes all run on every core");
}

var folder = Path.Combine(Path.GetTempPath(), "signoffbot-bench", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
report.Line($"store folder: {folder}");
var total = Stopwatch.StartNew();
try
{
    // ---------------------------------------------------------------- limits
    report.Section("limit: LiteDB on this disk, bare Kestrel");
    var liteDbRate = 0.0;
    foreach (var (asTheStoreOpensIt, durability, what) in new[]
    {
        (false, Durability.Checkpoint, "stock LiteDB file: insert + checkpoint"),
        (true, Durability.Checkpoint, "as the store opens it: insert + checkpoint"),
        (true, Durability.Log, "as the store commits: insert + log on disk"),
        (false, Durability.None, "stock LiteDB file: insert only (context)"),
    })
    {
        var (writes, took) = Limits.LiteDbWrites(folder, options.LimitTime, asTheStoreOpensIt, durability);
        var rate = writes / took.TotalSeconds;
        var durable = durability != Durability.None;
        liteDbRate = durable ? Math.Max(liteDbRate, rate) : liteDbRate;
        report.Line($"LiteDB single-document writes, {what,-46} {rate,7:F0}/s  ({writes} in {took.TotalSeconds:F1} s){(durable ? "" : ", not waited on disk")}");
    }

    report.Line($"LiteDB durable single-document write limit (the fastest durable one): {liteDbRate:F0}/s");

    LoadResult bare;
    using (var kestrel = BenchProcesses.StartBareKestrel(folder))
    using (var http = Client(kestrel.BaseAddress))
    {
        await kestrel.WaitReadyAsync(http, "/ping");
        var ping = new Uri(kestrel.BaseAddress, "/ping");
        await Load.RunAsync(options.DeployClients, TimeSpan.FromSeconds(1), async () => await Ok(http.GetAsync(ping)));
        bare = await Load.RunAsync(options.DeployClients, options.DeployTime, async () => await Ok(http.GetAsync(ping)));
        report.Line(bare.Line("bare Kestrel GET /ping"));
    }

    // ---------------------------------------------------------------- decisions
    report.Section("decisions: signed Slack interactions and JWT-authenticated Teams invokes");
    await using var slack = await FakeSlackApi.StartAsync();
    await using var bot = await FakeBotFramework.StartAsync();
    var decisionsDb = Path.Combine(folder, "decisions", "signoff.db");
    using (var seeder = new Seeder(decisionsDb))
    {
        var took = seeder.Seed(Decisions.Project, Decisions.Name, options.DecisionItems, Decisions.Slot, writers: 64);
        report.Line($"seeded {options.DecisionItems} items with {Decisions.Slot} requested through the store in {took.TotalSeconds:F1} s; outbox marked sent: {seeder.MarkOutboxSent()}");
    }

    var decisions = new List<LoadResult>();
    OutboxDrain outbox;
    double decisionsPeak;
    using (var host = BenchProcesses.StartHost(HostSettings(decisionsDb, slack, bot), folder, "decisions"))
    using (var api = Client(host.BaseAddress, Decisions.ApiKey))
    {
        report.Line($"host ready in {(await host.WaitReadyAsync(api, "/healthz")).TotalSeconds:F1} s");
        await Decisions.InstallInTeamAsync(api, bot);
        var run = new Decisions(host.BaseAddress, slack, bot, options.DecisionItems);
        report.Line(await WarmUpAsync(host, 16, run.PressAsync, options.Warmup));
        var sentBefore = 0L;
        foreach (var clients in options.DecisionClients)
        {
            sentBefore = await OutboxDrain.SentAsync(api);
            var cpu = host.CpuTime;
            var result = await Load.RunAsync(clients, options.DecisionTime, run.PressAsync);
            decisions.Add(result);
            report.Line(result.Line("decisions (acks)") + CpuPerOp(host.CpuTime - cpu, result));
        }

        outbox = await OutboxDrain.MeasureAsync(api, sentBefore, decisions[^1]);
        report.Line(outbox.Line());
        var (checkedAcks, problems) = await run.VerifyAsync(api);
        report.Line($"verify: {checkedAcks} acknowledged answers ({run.Sent} sent), {problems.Count} missing or duplicated" + (problems.Count > 0 ? ":\n  " + string.Join("\n  ", problems.Take(10)) : ""));
        var audit = await ReadAsync(await api.GetAsync("/api/v1/audit/verify"));
        report.Line($"audit verify: {audit.ToJsonString()}");
        decisionsPeak = host.PeakWorkingSetMiB();
        report.Line($"host peak working set {decisionsPeak:F0} MiB, host CPU {host.CpuTime.TotalSeconds:F1} s");
        report.Verified = problems.Count == 0 && (bool?)audit["ok"] == true;
    }

    // ---------------------------------------------------------------- 100,000 items: reminders, deploy-check, memory
    report.Section($"{options.LargeItems} items: reminders, deploy-check, memory");
    var largeDb = Path.Combine(folder, "large", "signoff.db");
    TimeSpan find;
    TimeSpan job;
    int found;
    int handled;
    using (var seeder = new Seeder(largeDb))
    {
        var took = seeder.Seed(Large.Project, Large.Name, options.LargeItems, Large.Slot, writers: 64);
        report.Line($"seeded {options.LargeItems} items with {Large.Slot} requested through the store in {took.TotalSeconds:F1} s; reminders made due: {seeder.MakeDue(options.DueReminders)}");
    }

    using (var seeder = new Seeder(largeDb))
    {
        // The job's own code over the reopened file (cold LiteDB cache): the indexed look-up of due reminders, then
        // the whole job (look-up, and one transaction per reminder that queues its notice and moves it on).
        var open = seeder.Store.ReadAll<ReminderDocument>(SignOffBot.Host.Storage.LiteDbSetup.Reminders).Count;
        var clock = Stopwatch.StartNew();
        found = seeder.Store.Reminders.DueReminders(TimeProvider.System.GetUtcNow(), ReminderScanner.Batch).Count;
        find = clock.Elapsed;
        var scanner = new ReminderScanner(seeder.Store.UnitOfWork, seeder.Store.Reminders, seeder.Planner, seeder.Governance, new SignOffBot.Host.Health.BackgroundFailures(TimeProvider.System), TimeProvider.System, NullLogger<ReminderScanner>.Instance);
        clock.Restart();
        handled = scanner.RunDue();
        job = clock.Elapsed;
        report.Line($"reminders: found {found} due among {open} open reminder targets in {find.TotalMilliseconds:F1} ms; the whole job (find + queue each) handled {handled} in {job.TotalMilliseconds:F0} ms");
        report.Line($"outbox marked sent: {seeder.MarkOutboxSent()}");
    }

    var deploy = new List<LoadResult>();
    double largePeak;
    using (var host = BenchProcesses.StartHost(HostSettings(largeDb, slack, bot), folder, "large"))
    using (var api = Client(host.BaseAddress, Decisions.ApiKey))
    {
        report.Line($"host ready in {(await host.WaitReadyAsync(api, "/healthz")).TotalSeconds:F1} s, working set peak so far {host.PeakWorkingSetMiB():F0} MiB");
        Task<bool?> Check() =>
            Ok(api.GetAsync($"/api/v1/deploy-check?item={Large.Project}/{Large.Name}@{Random.Shared.Next(1, options.LargeItems + 1)}&infrastructure=prod-api"));
        report.Line(await WarmUpAsync(host, options.DeployClients, Check, options.Warmup));
        foreach (var clients in new[] { 16, options.DeployClients }.Distinct())
        {
            var cpu = host.CpuTime;
            var result = await Load.RunAsync(clients, options.DeployTime, Check);
            deploy.Add(result);
            report.Line(result.Line("deploy-check") + CpuPerOp(host.CpuTime - cpu, result));
        }

        var run = new Decisions(host.BaseAddress, slack, bot, options.LargeItems, Large.Project, Large.Name, Large.Slot, Large.SlackUser, null);
        var burst = await Load.RunAsync(16, TimeSpan.FromSeconds(3), run.PressAsync);
        report.Line(burst.Line($"decisions on {options.LargeItems} items"));
        largePeak = host.PeakWorkingSetMiB();
        report.Line($"host peak working set {largePeak:F0} MiB, host CPU {host.CpuTime.TotalSeconds:F1} s");
    }

    // ---------------------------------------------------------------- summary
    report.Section("targets");
    var at64 = decisions[^1];
    var bestDecisions = decisions.Max(d => d.PerSecond);
    var deploy64 = deploy[^1];
    report.Target("decisions vs LiteDB durable single writes", $"{bestDecisions:F0}/s vs {liteDbRate:F0}/s", bestDecisions / liteDbRate, ">= 1.0x", bestDecisions / liteDbRate >= 1.0);
    report.Target($"p99 ack at {at64.Clients} clients", $"{at64.Percentile(99):F1} ms", at64.Percentile(99) / 100.0, "<= 100 ms", at64.Percentile(99) <= 100);
    report.Target($"deploy-check vs bare Kestrel ({deploy64.Clients} clients)", $"{deploy64.PerSecond:F0}/s vs {bare.PerSecond:F0}/s, p99 {deploy64.Percentile(99):F1} ms", deploy64.PerSecond / bare.PerSecond, ">= 40 %", deploy64.PerSecond / bare.PerSecond >= 0.4);
    report.Target($"outbox drain vs decisions ({at64.Clients} clients)", $"{outbox.DrainPerSecond:F0}/s{(outbox.KeptUp ? " (kept up: at least)" : "")} vs {at64.PerSecond:F0}/s, backlog {outbox.BacklogAfterLevel}", outbox.DrainPerSecond / at64.PerSecond, ">= 3.0x", outbox.DrainPerSecond >= 3 * at64.PerSecond);
    report.Target("outbox backlog back to zero after the load", outbox.EmptyAfter is { } empty ? $"{empty.TotalSeconds:F1} s" : $"not within {OutboxDrain.Limit.TotalSeconds:F0} s", (outbox.EmptyAfter ?? OutboxDrain.Limit).TotalSeconds / 10, "<= 10 s", outbox.EmptyAfter <= TimeSpan.FromSeconds(10));
    report.Target($"reminder scan ({found} due of {options.LargeItems})", $"{find.TotalMilliseconds:F1} ms", find.TotalMilliseconds / 500, "<= 500 ms", find.TotalMilliseconds <= 500);
    report.Target($"peak working set, {options.LargeItems} items", $"{largePeak:F0} MiB = {largePeak * 1.048576:F0} MB", largePeak * 1.048576 / 300, "<= 300 MB", largePeak * 1.048576 <= 300);
    report.Line($"acknowledged answers all stored exactly once, audit chain verifies: {(report.Verified ? "yes" : "NO")}");
    report.Line($"total {total.Elapsed.TotalMinutes:F1} min");
    return report.Verified ? 0 : 1;
}
finally
{
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

// The host's CPU per acknowledged operation during a level (its deliveries included): less noisy than the rate on a shared VM.
// A fresh host spends a fifth to a third of its CPU in the runtime's tiering JIT for its first 20 s or more under load
// (longer on one core), running instrumented code meanwhile, which no long-running host does: the host takes load in
// 2 s rounds, at least 10 s, until its tiering thread used under 2 % of a core in a round, at most `most`.
static async Task<string> WarmUpAsync(HostProcess host, int clients, Func<Task<bool?>> operation, TimeSpan most)
{
    const string Tiering = ".NET Tiered Com";
    var clock = Stopwatch.StartNew();
    var round = TimeSpan.FromSeconds(2);
    TimeSpan jit;
    do
    {
        var before = host.ThreadCpuTimes(Tiering);
        await Load.RunAsync(clients, round, operation);
        // The tiering thread exits when idle and is started again: a new one's time counts whole.
        jit = host.ThreadCpuTimes(Tiering).Aggregate(TimeSpan.Zero, (sum, thread) => sum + thread.Value - before.GetValueOrDefault(thread.Key));
    }
    while ((jit > round * 0.02 || clock.Elapsed < TimeSpan.FromSeconds(10)) && clock.Elapsed < most);

    return $"warm-up: {clients} clients for {clock.Elapsed.TotalSeconds:F0} s, until the tiering JIT used {jit.TotalMilliseconds:F0} ms of CPU in the last 2 s" + (jit > round * 0.02 ? $" (stopped at the {most.TotalSeconds:F0} s limit)" : "");
}

static string CpuPerOp(TimeSpan cpu, LoadResult result) => $"  host CPU {cpu.TotalMilliseconds / Math.Max(1, result.Ok):F2} ms/op";

/// <summary>Command-line knobs (defaults give the README's run).</summary>
internal sealed record BenchOptions
{
    public int DecisionItems { get; init; } = 30_000;
    public int LargeItems { get; init; } = 100_000;
    public int DueReminders { get; init; } = 1_000;
    public int[] DecisionClients { get; init; } = [1, 16, 64];
    public int DeployClients { get; init; } = 64;
    public TimeSpan DecisionTime { get; init; } = TimeSpan.FromSeconds(8);
    public TimeSpan DeployTime { get; init; } = TimeSpan.FromSeconds(8);
    public TimeSpan LimitTime { get; init; } = TimeSpan.FromSeconds(4);
    /// <summary>
    /// The most load each host takes before its first measured level (16 clients pressing, or 64 checking), until the
    /// runtime's tiering JIT has settled (see <c>WarmUpAsync</c>).
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(40);
    public bool Keep { get; init; }

    public bool Pin { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--decision-items" => options with { DecisionItems = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--large-items" => options with { LargeItems = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seconds" => options with
                {
                    DecisionTime = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)),
                    DeployTime = TimeSpan.FromSeconds(double.Parse(args[i], CultureInfo.InvariantCulture)),
                },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--keep" => options with { Keep = true },
                "--pin" => options with { Pin = true },
                _ => throw new ArgumentException($"unknown argument {args[i]}; known: --decision-items N, --large-items N, --seconds S, --warmup S, --keep, --pin"),
            };
        }

        return options;
    }
}

/// <summary>The report, printed as it goes.</summary>
internal sealed class Report
{
    public bool Verified { get; set; }

    public void Machine()
    {
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        Line($"machine: {Environment.ProcessorCount} cores ({model}), {long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024.0:F1} GiB memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, {HostProcess.Configuration} build");
    }

    public void Section(string title) => Line($"\n== {title}");

    public void Line(string text) => Console.WriteLine(text);

    public void Target(string what, string figure, double ratio, string target, bool met) =>
        Line($"{what,-52} {figure,-40} ratio {ratio,6:F2}  target {target,-9} {(met ? "met" : "MISSED")}");
}

/// <summary>The 100,000-item store: one open feedback slot per item, assigned to one person (Olga, Slack).</summary>
internal static class Large
{
    public const string Project = "fraud-detection";
    public const string Name = "fleet";
    public const string Slot = "IT & Operations";
    public const string SlackUser = "U0OPS";
}

/// <summary>
/// Reviewers pressing Approve on a seeded item's open slot: even presses are Ben's from Slack (a signed
/// <c>block_actions</c> interaction), odd ones Chen's from Teams (an <c>adaptiveCard/action</c> invoke with the
/// channel's JWT). Every press is a different (item, reviewer), remembered when acknowledged.
/// </summary>
internal sealed class Decisions(Uri host, FakeSlackApi slack, FakeBotFramework bot, int items,
    string project = Decisions.Project, string name = Decisions.Name, string slot = Decisions.Slot,
    string slackUser = "U0BEN", (string Id, string Aad, string Name)? teamsUser = default, Uri? secondHost = null)
{
    public const string Project = "fraud-detection";
    public const string Name = "churn-xgb";
    public const string Slot = "Risk & Compliance";
    public const string ApiKey = "bench-api-key-0123456789";

    /// <summary>The project's Teams release channel in the sample governance.</summary>
    public const string ReleaseChannel = "19:fraud-release@thread.tacv2";

    private static readonly (string Id, string Aad, string Name) Chen = ("29:1user-chen", "00000000-0000-0000-0000-00000000c0c0", "Chen Wei");

    private readonly (string Id, string Aad, string Name)? _teams = teamsUser ?? (slackUser == "U0BEN" ? Chen : null);
    /// <summary>The host, or two hosts taking the presses in turn as a round-robin balancer would.</summary>
    private readonly HttpClient[] _hosts = [.. new[] { host, secondHost }.OfType<Uri>().Select(h =>
        new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = h, Timeout = TimeSpan.FromSeconds(30) })];
    private readonly SlackSigner _signer = new(slack.SigningSecret, TimeProvider.System);
    private readonly string _authorization = bot.ChannelAuthorization();
    private readonly ConcurrentBag<(int Version, bool Teams)> _acknowledged = [];
    private int _cursor;

    public int Sent => Math.Min(Volatile.Read(ref _cursor), Presses);

    private int Presses => _teams is null ? items : 2 * items;

    public async Task<bool?> PressAsync()
    {
        var n = Interlocked.Increment(ref _cursor) - 1;
        if (n >= Presses)
        {
            return null;
        }

        var (version, teams) = _teams is null ? (n + 1, false) : ((n / 2) + 1, n % 2 == 1);
        var item = $"{project}/{name}@{version.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            using var request = teams ? TeamsPress(item) : SlackPress(item);
            using var response = await _hosts[n % _hosts.Length].SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            _acknowledged.Add((version, teams));
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// The bot is added to the project's team, as an administrator does: the host reads the team's channels, so the
    /// Teams release channel is reachable and gets its status lines like the Slack one.
    /// </summary>
    public static async Task InstallInTeamAsync(HttpClient api, FakeBotFramework bot)
    {
        bot.ExtraChannels.Add((ReleaseChannel, "Releases"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(FakeBotFramework.Json(bot.BotAddedToTeamActivity("19:team-general@thread.tacv2")), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", bot.ChannelAuthorization());
        using var response = await api.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"installing the bot in the team: {(int)response.StatusCode}");
        }

        for (var tries = 0; tries < 200; tries++)
        {
            var health = JsonNode.Parse(await api.GetStringAsync("/api/v1/health/details"));
            if (health?["unreachable"]?["teamsChannels"]?.AsArray().All(c => (string?)c != ReleaseChannel) == true)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("the Teams release channel stayed unreachable after the bot was added to its team");
    }

    /// <summary>Every acknowledged answer must be in the store exactly once; returns how many were checked and the problems.</summary>
    public async Task<(int Checked, List<string> Problems)> VerifyAsync(HttpClient api)
    {
        var problems = new ConcurrentBag<string>();
        var acknowledged = _acknowledged.ToArray();
        var byItem = acknowledged.GroupBy(a => a.Version).ToArray();
        await Parallel.ForEachAsync(byItem, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (group, ct) =>
        {
            var key = $"{project}/{name}@{group.Key.ToString(CultureInfo.InvariantCulture)}";
            using var response = await api.GetAsync($"/api/v1/items/{key}", ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                problems.Add($"{key}: GET {(int)response.StatusCode} {body}");
                return;
            }

            var answers = JsonNode.Parse(body)!["signOff"]!["feedback"]!.AsArray().Single(s => (string?)s!["category"] == slot)!["answers"]!.AsArray();
            foreach (var (_, teams) in group)
            {
                var person = teams ? "chen@example.com" : slackUser == "U0BEN" ? "ben@example.com" : "ops@example.com";
                var count = answers.Count(a => (string?)a!["by"] == person && (string?)a["answer"] == "approve");
                if (count != 1)
                {
                    problems.Add($"{key}: {count} approvals by {person}, acknowledged once");
                }
            }
        });
        return (acknowledged.Length, [.. problems]);
    }

    private HttpRequestMessage SlackPress(string item) => _signer.InteractionRequest(new JsonObject
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = slackUser },
        ["trigger_id"] = SlackSigner.NewTriggerId(),
        ["channel"] = new JsonObject { ["id"] = "D0DM" },
        ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = "D0DM" },
        ["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = "feedback.approve",
            ["value"] = new JsonObject { ["item"] = item, ["slot"] = slot }.ToJsonString(),
            ["action_ts"] = "1700000000.000100",
        }),
    });

    private HttpRequestMessage TeamsPress(string item)
    {
        var user = _teams!.Value;
        var data = new JsonObject { ["item"] = item, ["slot"] = slot, ["commentInput"] = "comment", ["comment"] = "" };
        var activity = bot.InvokeActivity("adaptiveCard/action",
            new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "feedback.approve", ["data"] = data }, ["trigger"] = "manual" },
            user.Id, user.Aad, user.Name);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(FakeBotFramework.Json(activity), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        return request;
    }
}
