namespace SignOffBot.Core.Governance;

/// <summary>Where status changes of a project are posted; <see cref="Platform"/> is <c>slack</c> or <c>teams</c>.</summary>
public sealed record ReleaseChannel(string Platform, string Id);
