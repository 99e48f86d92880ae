
namespace SignOffBot.Core.Items;

/// <summary>What is signed off: a model version or a bundle, with its one sign-off.</summary>
public sealed partial record Item(
    ItemKey Key,
    ItemKind Kind,
    RiskLevel Risk,
    string Owner,
    Evidence Evidence,
    DateTimeOffset RegisteredAt,
    SignOff SignOff);
