namespace SignOffBot.Host.AdaptiveCards;

/// <summary>A Container groups elements; <see cref="Style"/> "emphasis" gives it a shaded background.</summary>
public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public string? Style { get; init; }
}
