using SignOffBot.Core.Audit;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Workflow;

/// <summary>An action's result with the audit events it appended, as committed: what a signed statement about it cites.</summary>
public sealed record AuditedResult<T>(ActionResult<T> Result, IReadOnlyList<AuditEvent> Events);
