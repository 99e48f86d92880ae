using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;
using SignOffBot.Host.Api;
using SignOffBot.Host.Playground.Payloads;
using static SignOffBot.Host.Playground.PlaygroundReplies;

namespace SignOffBot.Host.Playground;

/// <summary><c>POST /playground/api/commands</c>: a command typed in the page, in a person's own chat or a release channel.</summary>
public sealed class PlaygroundCommandsEndpoint(PlaygroundPeople people, IGovernanceSource governance, ChatCommandHandler commands, PlaygroundTimeline timeline)
{
    private const int MaxCommandChars = 4000;

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PlaygroundCommandRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (people.Find(body!.As) is not { } person)
        {
            return PlaygroundPeople.Unknown(body.As);
        }

        var text = body.Text?.Trim() ?? string.Empty;
        if (text.Length == 0 || text.Length > MaxCommandChars)
        {
            return Problems.BadRequest($"Type a command of 1 to {MaxCommandChars} characters (try help).");
        }

        var conversation = body.Conversation is null or "dm" ? PlaygroundTimeline.Direct(person.Id) : body.Conversation;
        if (!PlaygroundView.ConversationsOf(governance.Current, person.Id).Any(c => c.Id == conversation))
        {
            return Problems.BadRequest($"There is no conversation {body.Conversation}: use dm or one of the release channels of /playground/api/directory.");
        }

        timeline.Add(new PlaygroundMessageDocument { Conversation = conversation, From = person.Id, Text = text });
        var shared = conversation != PlaygroundTimeline.Direct(person.Id);
        var reply = commands.Handle(text, Context(person, body.Id));

        // Times in the person's own time zone where only they read the line, in UTC where the channel does.
        string Mine(string line) => ReaderTime.For(line, person.Id, governance.Current);
        string Read(string line) => shared ? ReaderTime.InUtc(line) : Mine(line);
        timeline.Add(reply switch
        {
            ChatReply.Card card => new PlaygroundMessageDocument { Conversation = conversation, Text = Read(card.Summary), Item = card.ItemKey, Viewer = shared ? null : person.Id },
            ChatReply.Private p => new PlaygroundMessageDocument { Conversation = conversation, Text = Mine(p.Body), OnlyFor = shared ? person.Id : null },
            ChatReply.Text t => new PlaygroundMessageDocument { Conversation = conversation, Text = Read(t.Body) },
            _ => throw new InvalidOperationException("Unknown reply."),
        });
        return Answer(reply, person, governance.Current);
    }
}
