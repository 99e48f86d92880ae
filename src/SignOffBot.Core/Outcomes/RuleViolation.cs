namespace SignOffBot.Core.Outcomes;

/// <summary>A refused action: <see cref="Rule"/> names the rule, <see cref="Message"/> is what a person reads.</summary>
public sealed record RuleViolation(string Rule, RefusalKind Kind, string Message);
