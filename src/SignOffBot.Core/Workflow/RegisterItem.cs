using SignOffBot.Core.Items;

namespace SignOffBot.Core.Workflow;

public sealed record RegisterItem(ItemKey Key, ItemKind Kind, RiskLevel Risk, Evidence Evidence);
