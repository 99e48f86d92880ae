using System.Text.Json.Serialization;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>A FactSet: title/value pairs shown as a two-column list.</summary>
public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

/// <summary>
/// A fact shown as written: Teams renders Markdown in facts as in TextBlocks (see <see cref="CardMarkdown"/>). The DATE
/// and TIME functions are a TextBlock's only, so a time marked for the reader is written in UTC here; cards put the
/// times they want shown in the reader's time in TextBlocks.
/// </summary>
public sealed record Fact([property: JsonIgnore] string Title, [property: JsonIgnore] string Value)
{
    [JsonPropertyName("title")]
    public string TitleMarkdown => CardMarkdown.Literal(ReaderTime.InUtc(Title));

    [JsonPropertyName("value")]
    public string ValueMarkdown => CardMarkdown.Literal(ReaderTime.InUtc(Value));
}
