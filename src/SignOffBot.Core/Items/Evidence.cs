namespace SignOffBot.Core.Items;

/// <summary>Evidence links of an item; the ticket is an id, the others are URLs.</summary>
public sealed record Evidence(string? ModelCard, string? ValidationReport, string? RollbackPlan, string? Ticket)
{
    public static Evidence None { get; } = new(null, null, null, null);

    public string? Get(EvidenceKind kind) => kind switch
    {
        EvidenceKind.ModelCard => ModelCard,
        EvidenceKind.ValidationReport => ValidationReport,
        EvidenceKind.RollbackPlan => RollbackPlan,
        _ => Ticket,
    };

    public bool Has(EvidenceKind kind) => !string.IsNullOrWhiteSpace(Get(kind));

    public static string Describe(EvidenceKind kind) => kind switch
    {
        EvidenceKind.ModelCard => "model card",
        EvidenceKind.ValidationReport => "validation report",
        EvidenceKind.RollbackPlan => "rollback plan",
        _ => "change ticket",
    };

    /// <summary>What is wrong with these links and ticket, or null: links are absolute http(s), the ticket an id.</summary>
    public string? Problem()
    {
        foreach (var kind in new[] { EvidenceKind.ModelCard, EvidenceKind.ValidationReport, EvidenceKind.RollbackPlan })
        {
            if (Get(kind) is { } link && !Links.IsHttpUrl(link))
            {
                return $"The {Describe(kind)} must be an absolute http(s) link; '{link}' is not.";
            }
        }

        return Ticket is { } ticket && (ticket.Length > 100 || ticket.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            ? "The change ticket is an id such as CHG-1042: no spaces or control characters, at most 100 characters."
            : null;
    }

    /// <summary>These links with every link <paramref name="change"/> gives replacing the current one.</summary>
    public Evidence Merge(Evidence change) => new(
        change.ModelCard ?? ModelCard,
        change.ValidationReport ?? ValidationReport,
        change.RollbackPlan ?? RollbackPlan,
        change.Ticket ?? Ticket);
}
