using SignOffBot.Core.Items;

namespace SignOffBot.Core.Conversations;

/// <summary>A command of SPEC section 4, as every chat surface parses it.</summary>
public abstract record ChatCommand;

public sealed record HelpCommand(string? Topic) : ChatCommand;

public sealed record RegisterCommand(ItemKey Key, ItemKind Kind, RiskLevel Risk, Evidence Evidence) : ChatCommand;

public sealed record RequestFeedbackCommand(ItemKey Item, IReadOnlyList<string> Categories) : ChatCommand;

public sealed record RequestFinalCommand(ItemKey Item) : ChatCommand;

public sealed record StatusCommand(ItemKey Item) : ChatCommand;

public sealed record PendingCommand : ChatCommand;

/// <summary><see cref="To"/> is the resolved person id of the delegate.</summary>
public sealed record DelegateCommand(ItemKey Item, string Slot, string To) : ChatCommand;

public sealed record DeployCheckCommand(ItemKey Item, string Infrastructure) : ChatCommand;

public sealed record BypassCommand(ItemKey Item, string Infrastructure, string Incident, int Hours) : ChatCommand;

public sealed record IncidentReviewCommand(ItemKey Item, string Infrastructure, string Link) : ChatCommand;

public sealed record AuditCommand(ItemKey Item) : ChatCommand;
