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
}
