using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;
using SignOffBot.Host.AdaptiveCards;
using SignOffBot.Host.Api;
using SignOffBot.Host.Playground.Payloads;
using static SignOffBot.Host.Playground.PlaygroundReplies;

namespace SignOffBot.Host.Playground;

/// <summary>
/// <c>POST /playground/api/actions</c>: a card button pressed in the page, read like a Teams <c>adaptiveCard/action</c>
/// invoke; a refusal is told privately, as Teams shows it on the card.
/// </summary>
public sealed class PlaygroundActionsEndpoint(PlaygroundPeople people, IGovernanceSource governance, ChatCommandHandler commands, PlaygroundTimeline timeline)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PlaygroundActionRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (people.Find(body!.As) is not { } person)
        {
            return PlaygroundPeople.Unknown(body.As);
        }

        if (AdaptiveCardPress.Read(body.Verb, body.Data) is not { } press)
        {
            return Problems.BadRequest($"Unknown card action '{body.Verb}'.");
        }

        var reply = commands.Press(press, Context(person, body.Id));
        if (reply is ChatReply.Private or ChatReply.Text)
        {
            timeline.Add(new PlaygroundMessageDocument { Conversation = PlaygroundTimeline.Direct(person.Id), Text = ReaderTime.For(TextOf(reply), person.Id, governance.Current) });
        }

        return Answer(reply, person, governance.Current);
    }
}
