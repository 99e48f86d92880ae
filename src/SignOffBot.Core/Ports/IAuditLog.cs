using SignOffBot.Core.Audit;
using SignOffBot.Core.Items;

namespace SignOffBot.Core.Ports;

/// <summary>The committed audit trail, read (it is appended only inside a store session, with the change it records).</summary>
public interface IAuditLog
{
    IReadOnlyList<AuditEvent> Of(ItemKey item);

    /// <summary>Every audit event in sequence order, read lazily so an export can stream.</summary>
    IEnumerable<AuditEvent> Trail();

    /// <summary>The latest committed event (its sequence number is the count of events), or null while the trail is empty.</summary>
    AuditEvent? Head();
}
