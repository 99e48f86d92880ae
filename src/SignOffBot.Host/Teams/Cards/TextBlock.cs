namespace SignOffBot.Host.Teams.Cards;

/// <summary>A TextBlock; Teams renders a subset of markdown in <see cref="Text"/>.</summary>
public sealed record TextBlock(string Text) : CardElement
{
    public bool? Wrap { get; init; }

    /// <summary>"heading" marks the text as a heading for screen readers (version 1.5).</summary>
    public string? Style { get; init; }

    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public TextColor? Color { get; init; }

    public bool? IsSubtle { get; init; }

    public int? MaxLines { get; init; }
}
