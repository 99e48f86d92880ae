using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;

namespace SignOffBot.Host.Attestation;

/// <summary>
/// The signed statement of one deploy-check: an in-toto Statement v1 in a DSSE envelope. Its subjects are the item
/// (named by its key; its digest is the SHA-256 of the key in lower case, so anyone holding the key recomputes it) and,
/// when the pipeline named one, the artifact (named <c>artifact</c>, with the SHA-256 it gave). The predicate is the
/// answer with every approval, bypass and confirmation, and the check's own audit event, committed before signing.
/// </summary>
public static partial class DeployCheckAttestation
{
    public const string ArtifactSubject = "artifact";

    public const string DigestForm = "sha256:<64 hex digits>";

    /// <summary>The lower-case hex of a <c>sha256:&lt;hex&gt;</c> digest, or null when it is not one.</summary>
    public static string? ParseDigest(string? text) =>
        text is not null && DigestPattern().Match(text.Trim()) is { Success: true } match ? match.Groups["hex"].Value.ToLowerInvariant() : null;

    /// <summary>The digest of an item subject: hex SHA-256 of the UTF-8 bytes of its key in lower case.</summary>
    public static string ItemDigest(string itemKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(itemKey.Trim().ToLowerInvariant())));

    public static DsseEnvelope Envelope(DeployAnswer answer, AuditEvent check, string? artifactSha256, SigningKeys keys) =>
        Dsse.Sign(Dsse.InTotoPayloadType, JsonSerializer.SerializeToUtf8Bytes(Statement(answer, check, artifactSha256), SignedJson.Options), keys);

    public static InTotoStatement Statement(DeployAnswer answer, AuditEvent check, string? artifactSha256)
    {
        var item = answer.Item.ToString();
        List<InTotoSubject> subjects = [new(item, new Dictionary<string, string> { ["sha256"] = ItemDigest(item) })];
        if (artifactSha256 is not null)
        {
            subjects.Add(new InTotoSubject(ArtifactSubject, new Dictionary<string, string> { ["sha256"] = artifactSha256 }));
        }

        var predicate = new DeployCheckPredicate(
            item,
            answer.Infrastructure,
            answer.Decision.ToString().ToLowerInvariant(),
            answer.Reason,
            WireNames.Of(answer.Policy),
            WireNames.Of(answer.State),
            answer.ApprovedBy,
            Time(answer.ApprovedAt),
            answer.SignOff is { } signOff ? Approvals(signOff) : [],
            answer.Bypass is { } b ? new PredicateBypass(b.Id, b.Incident, b.RequestedBy, b.DecidedBy, Time(b.DecidedAt), Time(b.ExpiresAt)) : null,
            answer.Confirmation is { } c ? new PredicateConfirmation(c.By, CanonicalJson.FormatTime(c.At), c.Reason) : null,
            CanonicalJson.FormatTime(check.At),
            check.Actor,
            new PredicateAudit(check.Seq, check.Hash));
        return new InTotoStatement(InTotoStatement.StatementType, subjects, DeployCheckPredicate.Type, predicate);
    }

    /// <summary>The approvals that count: each reviewer's latest counted feedback answer when it is approve, and the final approval.</summary>
    private static List<PredicateApproval> Approvals(SignOff signOff)
    {
        var approvals = signOff.Feedback
            .SelectMany(slot => signOff.LatestCountedAnswers(slot)
                .Where(a => a.Answer == FeedbackAnswerKind.Approve)
                .Select(a => new PredicateApproval(slot.Category, a.By, CanonicalJson.FormatTime(a.At))))
            .ToList();
        if (signOff.Final.Decision is { Decision: FinalDecisionKind.Approve } final)
        {
            approvals.Add(new PredicateApproval(SlotNames.Final, final.By, CanonicalJson.FormatTime(final.At)));
        }

        return approvals;
    }

    private static string? Time(DateTimeOffset? at) => at is { } t ? CanonicalJson.FormatTime(t) : null;

    [GeneratedRegex("^sha256:(?<hex>[0-9a-fA-F]{64})$")]
    private static partial Regex DigestPattern();
}
