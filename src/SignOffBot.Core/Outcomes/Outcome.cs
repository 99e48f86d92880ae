namespace SignOffBot.Core.Outcomes;

/// <summary>The result of every domain action: applied with its events, unchanged (a repeat), or refused by a rule.</summary>
public abstract record Outcome
{
    private Outcome()
    {
    }

    public sealed record Applied(IReadOnlyList<DomainEvent> Events) : Outcome;

    public sealed record Unchanged(string Reason) : Outcome;

    public sealed record Refused(RuleViolation Violation) : Outcome;

    public static Outcome Apply(DomainEvent domainEvent) => new Applied([domainEvent]);

    public static Outcome Same(string reason) => new Unchanged(reason);

    public static Outcome Refuse(RuleViolation violation) => new Refused(violation);

    public bool IsApplied => this is Applied;

    public bool IsRefused => this is Refused;

    /// <summary>The sentence a person reads about this outcome (times in UTC).</summary>
    public string Message => this switch
    {
        Refused r => r.Violation.Message,
        Unchanged u => u.Reason,
        _ => "Done.",
    };

    /// <summary>The same sentence for a chat reader, times marked (<see cref="ReaderTime"/>).</summary>
    public string ReaderMessage => this is Refused refused ? refused.Violation.ReaderMessage : Message;
}
