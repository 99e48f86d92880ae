using System.Text.Json;

namespace SignOffBot.Host.Playground.Payloads;

/// <summary>A command typed in the page by <see cref="As"/>, in <see cref="Conversation"/> (their own or a release channel).</summary>
public sealed record PlaygroundCommandRequest(string? As, string? Text, string? Conversation, string? Id);

/// <summary>A card button pressed in the page: the verb and data the Adaptive Cards renderer submitted, as Teams sends them.</summary>
public sealed record PlaygroundActionRequest(string? As, string? Verb, JsonElement Data, string? Id);

/// <summary>The bot's answer (<c>card</c>, <c>text</c> or <c>private</c>); the page then fetches what it shows.</summary>
public sealed record PlaygroundAnswer(string Reply, string Text);
