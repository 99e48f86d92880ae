using SignOffBot.Core.Governance;
using SignOffBot.Host.Teams.Activities;
using SignOffBot.Host.Teams.Connector;
using SignOffBot.Host.Teams.Conversations;

namespace SignOffBot.Host.Teams;

/// <summary>
/// Maps a Teams user to a person of the directory: by AAD object id first, then by the e-mail the roster
/// gives for the user (asked once, then remembered with the conversation reference).
/// </summary>
public sealed class TeamsPeople(IGovernanceSource governance, TeamsConversations conversations, BotConnectorClient connector)
{
    public async Task<Person?> ResolveAsync(Activity activity, CancellationToken cancellationToken)
    {
        var directory = governance.Current;
        if (activity.From?.AadObjectId is { } aad && directory.FindByTeamsAadObjectId(aad) is { } byAad)
        {
            return byAad;
        }

        if (activity.From?.Id is not { } userId)
        {
            return null;
        }

        if (conversations.ByUserId(userId)?.PersonId is { } known && directory.FindPerson(known) is { } remembered)
        {
            return remembered;
        }

        if (activity.ServiceUrl is null || activity.Conversation?.Id is null)
        {
            return null;
        }

        var member = await connector.GetMemberAsync(activity.ServiceUrl, activity.Conversation.Id, userId, cancellationToken);
        var email = member?.Email ?? member?.UserPrincipalName;
        return email is null ? null : directory.FindPerson(email.ToLowerInvariant());
    }
}
