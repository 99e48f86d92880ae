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

/// <summary>
/// <see cref="Attest"/>: a signed attestation of the answer is wanted as a file; <see cref="ArtifactSha256"/> is the lower-case
/// hex SHA-256 of the artifact it is about (<c>--digest sha256:&lt;hex&gt;</c>), null when none was named.
/// </summary>
public sealed record DeployCheckCommand(ItemKey Item, string Infrastructure, bool Attest = false, string? ArtifactSha256 = null) : ChatCommand;

public sealed record BypassCommand(ItemKey Item, string Infrastructure, string Incident, int Hours) : ChatCommand;

public sealed record IncidentReviewCommand(ItemKey Item, string Infrastructure, string Link) : ChatCommand;

public sealed record AuditCommand(ItemKey Item) : ChatCommand;

/// <summary>Only the links given change; <see cref="Change"/> holds null for the others.</summary>
public sealed record EvidenceCommand(ItemKey Item, Evidence Change) : ChatCommand;

/// <summary><see cref="Slots"/> are feedback categories or <c>final</c>.</summary>
public sealed record WithdrawCommand(ItemKey Item, IReadOnlyList<string> Slots, string Reason) : ChatCommand;

public sealed record ReRequestCommand(ItemKey Item, IReadOnlyList<string> Categories, string? Reason) : ChatCommand;

public sealed record RevokeCommand(ItemKey Item, string Reason) : ChatCommand;

public sealed record RecertifyCommand(ItemKey Item, bool WithFeedback) : ChatCommand;

public sealed record ConfirmCommand(ItemKey Item, string Infrastructure, string Reason) : ChatCommand;

public sealed record MineCommand : ChatCommand;

public sealed record ListCommand(string Project, SignOffState? State) : ChatCommand;
