namespace SignOffBot.Host.Api;

/// <summary>How often held deploy-checks look without being woken; registered by tests only (the host uses <see cref="HeldDeployChecks.PollEvery"/>).</summary>
public sealed record HeldCheckPace(TimeSpan PollEvery);
