using System.Text.Json.Serialization;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>
/// A TextBlock showing <see cref="Text"/> as written: Teams renders Markdown in a TextBlock, so the card carries the
/// text with its Markdown made inert (<see cref="CardMarkdown.Literal"/>), and its times marked for the reader
/// (<see cref="ReaderTime"/>) as the DATE and TIME functions the client shows in the reader's own time (<see cref="CardText.Time"/>).
/// </summary>
public sealed record TextBlock([property: JsonIgnore] string Text) : CardElement
{
    /// <summary>The text as the card carries it.</summary>
    [JsonPropertyName("text")]
    public string Markdown => ReaderTime.Render(CardMarkdown.Literal(Text), CardText.Time);

    public bool? Wrap { get; init; }

    /// <summary>"heading" marks the text as a heading for screen readers (version 1.5).</summary>
    public string? Style { get; init; }

    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public TextColor? Color { get; init; }

    public bool? IsSubtle { get; init; }

    public int? MaxLines { get; init; }
}
