using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Chat;
using SignOffBot.Host.Chat.Attestations;

namespace SignOffBot.Host.Tests.Chat;

/// <summary>
/// The attestation seam played by the tests: the real deploy-check (recorded like any), and fixed bytes as its signed
/// file; the signing itself is tested where it is made. Every call is kept, to see what chat asked for.
/// </summary>
internal sealed class FixedAttestations(DeployService deploys) : IDeployCheckAttestations
{
    /// <summary>The file's bytes: an envelope's shape, with a line break and a non-ASCII character, to be compared byte for byte.</summary>
    public static readonly byte[] Envelope = Encoding.UTF8.GetBytes(
        "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"eyJjaGVjayI6Im9rIn0=\",\"signatures\":[{\"keyid\":\"fixed-é\",\"sig\":\"MEUCIQ==\"}]}\n");

    public const string FileName = "fraud-detection_churn-xgb@7_prod-api.attestation.json";

    public ConcurrentQueue<(ItemKey Item, string Infrastructure, string? ArtifactSha256, string Actor)> Calls { get; } = new();

    /// <summary>Puts this seam in the host in place of the one it has (attestations not configured).</summary>
    public static void Register(IServiceCollection services) => services.AddSingleton<IDeployCheckAttestations, FixedAttestations>();

    public AttestedDeployCheck Check(ItemKey item, string infrastructure, string? artifactSha256, ActionContext context)
    {
        Calls.Enqueue((item, infrastructure, artifactSha256, context.Actor));
        var result = deploys.Check(item, infrastructure, context);
        return result is { Outcome: Outcome.Refused refused }
            ? new AttestedDeployCheck.Refused(refused.Violation.ReaderMessage)
            : new AttestedDeployCheck.Signed(result.Value!, AttestedDeployCheck.FileNameFor(item, infrastructure), Envelope);
    }

    /// <summary>The files the host still holds for <paramref name="person"/> (none once sent, declined or refused).</summary>
    public static IReadOnlyList<ChatFileDocument> Held(IServiceProvider services, string person) =>
        services.GetRequiredService<IPlatformRecords>().Set<ChatFileDocument>(ChatFiles.SetName).Find(d => d.Person == person);
}
