using System.Security.Cryptography;
using System.Text;

namespace SignOffBot.Core.Audit;

/// <summary>The SHA-256 hash chain: <c>hash = hex(sha256(prevHash + "\n" + canonical JSON))</c>.</summary>
public static class AuditChain
{
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>The next event after <paramref name="previous"/> (null for the first), with its hash.</summary>
    public static AuditEvent Link(AuditEvent? previous, AuditEvent draft)
    {
        var linked = draft with { Seq = (previous?.Seq ?? 0) + 1, PrevHash = previous?.Hash ?? GenesisHash, Hash = string.Empty };
        return linked with { Hash = HashOf(linked) };
    }

    public static string HashOf(AuditEvent e)
    {
        var bytes = Encoding.UTF8.GetBytes(e.PrevHash + "\n" + CanonicalJson.Of(e));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Walks the events in sequence order; the first event whose link or hash does not hold is named.</summary>
    public static AuditVerification Verify(IEnumerable<AuditEvent> events)
    {
        var expectedPrev = GenesisHash;
        long expectedSeq = 1;
        long count = 0;
        foreach (var e in events)
        {
            if (e.Seq != expectedSeq || e.PrevHash != expectedPrev || e.Hash != HashOf(e))
            {
                return new AuditVerification(false, count, expectedSeq);
            }

            expectedPrev = e.Hash;
            expectedSeq++;
            count++;
        }

        return new AuditVerification(true, count, null);
    }
}
