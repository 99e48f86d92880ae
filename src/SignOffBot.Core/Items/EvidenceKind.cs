namespace SignOffBot.Core.Items;

public enum EvidenceKind
{
    ModelCard,
    ValidationReport,
    RollbackPlan,
    Ticket,
}
