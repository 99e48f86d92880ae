namespace SignOffBot.Core.Outcomes;

/// <summary>
/// A refused action: <see cref="Rule"/> names the rule, <see cref="Message"/> is what a person reads, with its times
/// in UTC (the API's problem details carry it); <see cref="ReaderMessage"/> is the same sentence with its times marked
/// for the chat reader (<see cref="ReaderTime"/>).
/// </summary>
public sealed record RuleViolation(string Rule, RefusalKind Kind, string Message)
{
    public string ReaderMessage { get => field ?? Message; init; }

    /// <summary>A refusal whose sentence holds times written with <see cref="ReaderTime.Mark"/>.</summary>
    public static RuleViolation WithTimes(string rule, RefusalKind kind, string markedMessage) =>
        new(rule, kind, ReaderTime.InUtc(markedMessage)) { ReaderMessage = markedMessage };
}
