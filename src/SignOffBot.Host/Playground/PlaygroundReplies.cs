using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Api;
using SignOffBot.Host.Playground.Payloads;

namespace SignOffBot.Host.Playground;

/// <summary>What the playground's endpoints share: the action context of a person, and the answer to the page.</summary>
public static class PlaygroundReplies
{
    public static ActionContext Context(Person person, string? id) =>
        new(person.Id, ChatPlatform.Playground, ChatPlatform.Playground, string.IsNullOrWhiteSpace(id) ? null : $"playground:{id}");

    /// <summary>The answer shown to <paramref name="reader"/>, who typed or pressed: its times in their time zone.</summary>
    public static IResult Answer(ChatReply reply, Person reader, GovernanceModel directory) => Results.Json(
        new PlaygroundAnswer(reply switch { ChatReply.Card => "card", ChatReply.Text => "text", _ => "private" }, ReaderTime.For(TextOf(reply), reader.Id, directory)),
        JsonBody.Options);

    public static string TextOf(ChatReply reply) => reply switch
    {
        ChatReply.Card card => card.Summary,
        ChatReply.Text text => text.Body,
        ChatReply.Private p => p.Body,
        _ => string.Empty,
    };
}
