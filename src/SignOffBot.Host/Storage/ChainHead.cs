using SignOffBot.Core.Audit;

namespace SignOffBot.Host.Storage;

/// <summary>
/// The audit chain's last event as the store's only writer knows it, so a unit of work links its event without
/// querying the trail: a batch works on a copy (its units see each other's appends), which becomes the known head only
/// once the batch is committed; a rolled-back batch's copy is dropped.
/// </summary>
internal sealed class ChainHead
{
    private AuditEvent? _event;
    private bool _known;

    /// <summary>Not read yet: the first unit of work reads it from the store.</summary>
    public static ChainHead Unknown => new();

    public ChainHead Copy() => new() { _event = _event, _known = _known };

    public AuditEvent? Read(Func<AuditEvent?> fromStore)
    {
        if (!_known)
        {
            _event = fromStore();
            _known = true;
        }

        return _event;
    }

    public void Appended(AuditEvent appended)
    {
        _event = appended;
        _known = true;
    }
}
