using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.EmphasisExtras;

namespace SignOffBot.Host.Tests.AdaptiveCards;

/// <summary>
/// Card text rendered as the Adaptive Cards renderer renders a TextBlock: CommonMark with markdown-it's default extras
/// (pipe tables, strikethrough), raw HTML shown as text and bare URLs left alone. Markdig stands in for markdown-it
/// (the renderer's own processor, which the card tools do not load).
/// </summary>
public static partial class TeamsMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .DisableHtml()
        .Build();

    private static readonly HashSet<string> PlainTags = ["p", "/p", "br", "br /"];

    public static string Html(string markdown) => Markdown.ToHtml(markdown, Pipeline);

    /// <summary>Every tag of the rendering that is more than a paragraph or a line break: links, emphasis, lists, headings, code, quotes, tables.</summary>
    public static IReadOnlyList<string> FormattingTags(string markdown) =>
        [.. Tag().Matches(Html(markdown)).Select(m => m.Groups[1].Value.Trim()).Where(t => !PlainTags.Contains(t))];

    /// <summary>What a reader sees: the rendering without tags, entities decoded, runs of white space as one space.</summary>
    public static string Shown(string markdown) => Words(WebUtility.HtmlDecode(Tag().Replace(Html(markdown), " ")));

    /// <summary>The text with runs of white space (line breaks too: a TextBlock joins single lines) as one space.</summary>
    public static string Words(string text) => Space().Replace(text, " ").Trim();

    /// <summary>Every TextBlock text and fact title and value of a card (or of any JSON holding cards).</summary>
    public static IEnumerable<string> CardTexts(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["type"] == "TextBlock" && o["text"] is JsonValue text => [(string)text!],
        JsonObject o when (string?)o["type"] == "FactSet" && o["facts"] is JsonArray facts =>
            facts.OfType<JsonObject>().SelectMany(f => new[] { (string?)f["title"], (string?)f["value"] }).OfType<string>(),
        JsonObject o => o.SelectMany(p => CardTexts(p.Value)),
        JsonArray a => a.SelectMany(CardTexts),
        _ => [],
    };

    [GeneratedRegex("<([^<>]*)>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
