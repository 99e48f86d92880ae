using System.Text.Json.Serialization;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>A FactSet: title/value pairs shown as a two-column list.</summary>
public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

/// <summary>A fact shown as written: Teams renders Markdown in facts as in TextBlocks (see <see cref="CardMarkdown"/>).</summary>
public sealed record Fact([property: JsonIgnore] string Title, [property: JsonIgnore] string Value)
{
    [JsonPropertyName("title")]
    public string TitleMarkdown => CardMarkdown.Literal(Title);

    [JsonPropertyName("value")]
    public string ValueMarkdown => CardMarkdown.Literal(Value);
}
