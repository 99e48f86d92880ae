namespace SignOffBot.Core.Workflow;

/// <summary>
/// Who acts and through what: <see cref="Actor"/> is a person id (or <c>api-key:&lt;name&gt;</c> for pipelines),
/// <see cref="DeliveryId"/> the platform's id of this delivery, so a retried delivery changes nothing.
/// </summary>
public sealed record ActionContext(string Actor, string Platform, string Source, string? DeliveryId = null);
