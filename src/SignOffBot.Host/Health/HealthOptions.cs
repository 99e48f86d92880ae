namespace SignOffBot.Host.Health;

/// <summary>The <c>Health</c> configuration section: what <c>/healthz/ready</c> tolerates.</summary>
public sealed class HealthOptions : Configuration.IValidatedOptions
{
    public const string Section = "Health";

    /// <summary>A dead letter left this long (since its last attempt) without a retry makes the host not ready.</summary>
    public TimeSpan DeadLetterMaxAge { get; set; } = TimeSpan.FromDays(1);

    public IReadOnlyList<string> Problems() => DeadLetterMaxAge <= TimeSpan.Zero
        ? [$"{Section}:{nameof(DeadLetterMaxAge)}: must be a time span longer than 00:00:00, such as 1.00:00:00."]
        : [];
}
