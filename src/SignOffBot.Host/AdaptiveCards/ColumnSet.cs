namespace SignOffBot.Host.AdaptiveCards;

/// <summary>A ColumnSet: elements side by side.</summary>
public sealed record ColumnSet(IReadOnlyList<Column> Columns) : CardElement;

/// <summary>A column; <see cref="Width"/> is "auto", "stretch", a weight ("2") or pixels ("50px").</summary>
public sealed record Column(IReadOnlyList<CardElement> Items)
{
    public string Type => "Column";

    public string? Width { get; init; }

    public VerticalAlignment? VerticalContentAlignment { get; init; }
}
