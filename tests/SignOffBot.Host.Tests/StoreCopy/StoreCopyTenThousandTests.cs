using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing;
using Xunit.Abstractions;
using static SignOffBot.Host.Tests.Api.ApiTestKit;
using static SignOffBot.Host.Tests.StoreCopy.StoreCopyKit;

namespace SignOffBot.Host.Tests.StoreCopy;

/// <summary>
/// Issue 16's must-show for <c>store copy</c>: a LiteDB store of 10,000 items with their audit, copied into PostgreSQL,
/// gives a database on which a host verifies the same audit chain (same length, same events byte for byte, so the same
/// head) and answers the same deploy-checks as a host on the file did, with every collection's rows all there.
/// </summary>
public sealed class StoreCopyTenThousandTests(ITestOutputHelper log)
{
    private const int Items = 10_000;

    private static readonly string[] Infrastructures = ["prod-api", "prod-batch", "staging-api", "sandbox"];

    [Fact]
    public async Task TenThousandItems_CopiedToPostgres_VerifyTheSameChain_AndAnswerTheSameDeployChecks()
    {
        var clock = Stopwatch.StartNew();
        var source = Path.Combine(TempFolder.Create(), "data", "signoff.db");
        SeededStore.Build(source, Items);
        log.WriteLine($"seeded {Items} items in {clock.Elapsed.TotalSeconds:F1} s");

        // Before the copy, a host on the file: a byte-for-byte twin of it, so the source stays exactly as seeded.
        var twin = Path.Combine(TempFolder.Create(), "data", "signoff.db");
        Directory.CreateDirectory(Path.GetDirectoryName(twin)!);
        File.Copy(source, twin);
        var samples = Samples();
        JsonNode verifiedOnFile;
        string exportOfFile;
        List<string> answersOnFile;
        await using (var onFile = new HostFixture(twin))
        {
            var client = onFile.CreateClient(HostFixture.AllScopesKey);
            verifiedOnFile = await AssertOkAsync(await client.GetAsync("/api/v1/audit/verify"));
            exportOfFile = await client.GetStringAsync("/api/v1/audit/export?format=jsonl");
            answersOnFile = await DeployChecksAsync(client, samples);
        }

        log.WriteLine($"host on the file: {clock.Elapsed.TotalSeconds:F1} s");
        var events = (long)verifiedOnFile["events"]!;
        var head = (string)JsonNode.Parse(exportOfFile.TrimEnd('\n').Split('\n')[^1])!["hash"]!;
        Assert.True((bool)verifiedOnFile["ok"]!);
        Assert.True(events > 3 * Items, $"{events} audit events for {Items} items");

        using var database = TestPostgres.CreateDatabase();
        var copied = Stopwatch.StartNew();
        var run = Copy(source, database);
        log.WriteLine($"copied in {copied.Elapsed.TotalSeconds:F1} s:\n{run}");

        Assert.True(run.ExitCode == 0, run.ToString());
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        Assert.Contains($"into PostgreSQL {target.Host}/{database.Name} in ", run.Output, StringComparison.Ordinal);
        Assert.Contains($"items: {Items}\n", run.Output, StringComparison.Ordinal);
        Assert.Contains($"Audit chain verified in PostgreSQL: {events} events, head {head}.", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(target.Password!, run.Output + run.Error, StringComparison.Ordinal);

        // Every collection of the file is one the copy knows, each is in the seeded file, and each came over whole.
        var inFile = CollectionRows(source).Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        Assert.Equal(KnownCollections.Order(StringComparer.Ordinal), inFile.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(inFile.OrderBy(c => c.Key, StringComparer.Ordinal), TableRows(database).OrderBy(c => c.Key, StringComparer.Ordinal));
        var outbox = OutboxRows(source);
        Assert.Superset(new HashSet<string> { "notice waiting", "notice planned", "delivery waiting", "delivery unreachable", "delivery dead", "delivery sent" }, outbox.Keys.ToHashSet());
        Assert.Equal(outbox.OrderBy(c => c.Key, StringComparer.Ordinal), OutboxRows(database).OrderBy(c => c.Key, StringComparer.Ordinal));

        await using var onPostgres = new HostFixture();
        onPostgres.Settings["Storage:Provider"] = "Postgres";
        onPostgres.Settings["Storage:Postgres:ConnectionString"] = database.ConnectionString;
        var pg = onPostgres.CreateClient(HostFixture.AllScopesKey);
        var verifiedOnPostgres = await AssertOkAsync(await pg.GetAsync("/api/v1/audit/verify"));
        var exportOfPostgres = await pg.GetStringAsync("/api/v1/audit/export?format=jsonl");
        var answersOnPostgres = await DeployChecksAsync(pg, samples);
        log.WriteLine($"host on PostgreSQL: {clock.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(verifiedOnFile.ToJsonString(), verifiedOnPostgres.ToJsonString());
        Assert.True(exportOfFile == exportOfPostgres, $"the exports differ first at line {FirstDifference(exportOfFile, exportOfPostgres)}");
        var decisions = answersOnFile.Select(a => (string)JsonNode.Parse(a)!["decision"]!).ToHashSet();
        Assert.Equal(new[] { "allowed", "blocked", "warning" }, decisions.Order(StringComparer.Ordinal));
        Assert.Contains(answersOnFile, a => JsonNode.Parse(a)!["bypass"] is not null);
        for (var i = 0; i < samples.Count; i++)
        {
            Assert.True(answersOnFile[i] == answersOnPostgres[i], $"{samples[i]}: on the file {answersOnFile[i]}\non PostgreSQL {answersOnPostgres[i]}");
        }
    }

    /// <summary>200 items: five of each story on each infrastructure (every state, policy and project).</summary>
    private static List<(string Item, string Infrastructure)> Samples() =>
    [
        .. from story in Enumerable.Range(0, SeededStore.Stories)
           from infrastructure in Enumerable.Range(0, Infrastructures.Length)
           from round in Enumerable.Range(0, 5)
           let n = story + (SeededStore.Stories * ((((infrastructure * 5) + round) * 47) % (Items / SeededStore.Stories)))
           select (SeededStore.KeyOf(n), Infrastructures[infrastructure]),
    ];

    private static async Task<List<string>> DeployChecksAsync(HttpClient client, List<(string Item, string Infrastructure)> samples)
    {
        var answers = new List<string>(samples.Count);
        foreach (var (item, infrastructure) in samples)
        {
            answers.Add((await AssertOkAsync(await DeployCheckAsync(client, item, infrastructure))).ToJsonString());
        }

        return answers;
    }

    private static int FirstDifference(string a, string b)
    {
        var (left, right) = (a.Split('\n'), b.Split('\n'));
        var line = 0;
        while (line < left.Length && line < right.Length && left[line] == right[line])
        {
            line++;
        }

        return line + 1;
    }
}
