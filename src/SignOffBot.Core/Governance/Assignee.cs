namespace SignOffBot.Core.Governance;

/// <summary>A slot assignee as configured: a person id, or <c>group:&lt;id&gt;</c>.</summary>
public sealed record Assignee(string Value)
{
    public const string GroupPrefix = "group:";

    public bool IsGroup => Value.StartsWith(GroupPrefix, StringComparison.Ordinal);

    /// <summary>The person id or the group id, without the prefix.</summary>
    public string Id => IsGroup ? Value[GroupPrefix.Length..] : Value;

    public override string ToString() => Value;
}
