using System.Text.Json;
using System.Text.Json.Nodes;
using SignOffBot.Core.Audit;
using SignOffBot.Host.Api;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;
using static SignOffBot.Host.Tests.Attestation.AttestationKit;

namespace SignOffBot.Host.Tests.Attestation;

/// <summary>
/// What a pipeline and an auditor keep from a signing host, made once for the <c>verify</c> command tests: attestations
/// (allowed with an artifact, blocked, altered), the key sets of the host and of another one, a signed head kept after
/// three events, and exports: whole, cut off before the head, rewritten with recomputed hashes, and altered.
/// </summary>
public sealed class VerifyFiles : IAsyncLifetime
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public string Folder { get; } = NewFolder();

    /// <summary>Replaces each <c>{name}</c> in the words by the path of that file (<c>{digest}</c>: the artifact's digest).</summary>
    public string[] Args(string words) => words.Split(' ').Select(w => w.StartsWith('{') ? _files[w.Trim('{', '}')] : w).ToArray();

    public async Task InitializeAsync()
    {
        await using var app = DeployCheckAttestationTests.Signing();
        await using var other = DeployCheckAttestationTests.Signing();
        var client = await WithChurn7Async(app);
        var auditor = app.CreateClient(HostFixture.AuditOnlyKey);
        _files["digest"] = Artifact;
        var allowed = await AttestAsync(client, Churn7, "sandbox", Artifact);
        Add("allowed", allowed);
        Add("envelope", Envelope(allowed).ToJsonString());
        Add("blocked", await AttestAsync(client, Churn7, "prod-api"));
        var payload = Payload(Envelope(allowed));
        payload[^2] ^= 0x01;
        Add("tampered", WithPayload(allowed, payload));
        Add("jwks", await JwksAsync(app));
        Add("other-jwks", await JwksAsync(other));
        Add("not-a-key-set", """{"keys":"none"}""");

        var head = await auditor.GetStringAsync("/api/v1/audit/head");
        Add("head", head);
        Add("head-jws", (string)JsonNode.Parse(head)!["head"]!);
        var edited = JsonNode.Parse(head)!;
        edited["sequence"] = 1;
        Add("head-edited", edited.ToJsonString());
        await WithChurn7Async(other);
        Add("other-head", await other.CreateClient(HostFixture.AuditOnlyKey).GetStringAsync("/api/v1/audit/head"));

        await AssertOkAsync(await DeployCheckAsync(client, Churn7, "staging-api"));
        await AssertOkAsync(await DeployCheckAsync(client, Churn7, "sandbox"));
        var export = await ExportLinesAsync(app);
        Assert.Equal(5, export.Count);
        Add("export", Lines(export));
        Add("truncated", Lines(export.Take(2)));
        Add("rewritten", Lines(Rewritten(export)));
        var altered = JsonNode.Parse(export[1])!;
        altered["comment"] = "nothing to see";
        Add("altered", Lines([export[0], altered.ToJsonString(), .. export.Skip(2)]));
        Add("csv", await auditor.GetStringAsync("/api/v1/audit/export?format=csv"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The trail with its first event's comment changed and every hash after it recomputed, as a forger would.</summary>
    private static IEnumerable<string> Rewritten(IReadOnlyList<string> export)
    {
        AuditEvent? previous = null;
        foreach (var line in export)
        {
            var e = JsonSerializer.Deserialize<ApiViews.AuditEventView>(line, JsonBody.Options)!;
            var draft = new AuditEvent(0, DateTimeOffset.Parse(e.At, System.Globalization.CultureInfo.InvariantCulture), e.Actor, e.Platform, e.Action, e.Item, e.Slot, e.Answer,
                previous is null ? "registered last week" : e.Comment, e.Source, e.DeliveryId, "", "");
            previous = AuditChain.Link(previous, draft);
            yield return JsonSerializer.Serialize(ApiViews.Of(previous), JsonBody.Options);
        }
    }

    private static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));

    private void Add(string name, string text) => _files[name] = Write(Folder, name, text);
}
