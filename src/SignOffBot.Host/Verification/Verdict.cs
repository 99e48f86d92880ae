namespace SignOffBot.Host.Verification;

/// <summary>What a verification found: its exit code (<see cref="VerifyExit"/>) and one sentence for a person.</summary>
public sealed record Verdict(int ExitCode, string Message);
