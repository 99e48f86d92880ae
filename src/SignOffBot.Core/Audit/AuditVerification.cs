namespace SignOffBot.Core.Audit;

/// <summary>Whether the chain holds; <see cref="BrokenAt"/> is the first sequence number that does not.</summary>
public sealed record AuditVerification(bool Ok, long Events, long? BrokenAt);
