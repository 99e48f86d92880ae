using SignOffBot.Core.Items;

namespace SignOffBot.Core.DeployChecks;

/// <summary>An explicit confirmation of a deploy-check warning, with who confirmed and why.</summary>
public sealed record DeployConfirmation(ItemKey Item, string Infrastructure, string By, string Reason, DateTimeOffset At);
