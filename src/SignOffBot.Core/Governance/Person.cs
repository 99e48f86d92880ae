namespace SignOffBot.Core.Governance;

/// <summary>Someone in the directory. <see cref="Id"/> is the lower-case e-mail.</summary>
public sealed record Person(string Id, string Name, string? SlackUserId, string? TeamsAadObjectId, string TimeZone);
