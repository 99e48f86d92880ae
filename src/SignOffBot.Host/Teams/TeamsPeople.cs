using SignOffBot.Core.Governance;
using SignOffBot.Host.Teams.Activities;
using SignOffBot.Host.Teams.Connector;
using SignOffBot.Host.Teams.Conversations;

namespace SignOffBot.Host.Teams;

/// <summary>
/// Maps a Teams user to a person of the directory: by Entra object id first, then by the user principal name the
/// roster gives for the user (asked once, then remembered with the conversation reference). Never by the roster's
/// <c>email</c>, which a tenant administrator can set to anything.
/// </summary>
public sealed class TeamsPeople(IGovernanceSource governance, TeamsConversations conversations, BotConnectorClient connector)
{
    public static Person? Match(string? aadObjectId, string? userPrincipalName, GovernanceModel directory) =>
        (aadObjectId is null ? null : directory.FindByTeamsAadObjectId(aadObjectId))
        ?? (userPrincipalName is null ? null : directory.FindPerson(userPrincipalName.ToLowerInvariant()));

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

        // A user id is one Entra user: an activity whose object id differs from the one stored or listed for that id
        // is nobody we know, and never re-points the stored person.
        var claimed = activity.From.AadObjectId;
        var stored = conversations.ByUserId(userId);
        if (Contradicts(claimed, stored?.AadObjectId))
        {
            return null;
        }

        if (stored?.PersonId is { } known && directory.FindPerson(known) is { } remembered)
        {
            return remembered;
        }

        if (activity.ServiceUrl is null || activity.Conversation?.Id is null)
        {
            return null;
        }

        var member = await connector.GetMemberAsync(activity.ServiceUrl, activity.Conversation.Id, userId, cancellationToken);
        return member is null || Contradicts(claimed, member.AadObjectId) ? null : Match(member.AadObjectId, member.UserPrincipalName, directory);
    }

    /// <summary>True when an activity's object id and a known one for the same user id are both present and differ.</summary>
    public static bool Contradicts(string? claimed, string? known) =>
        claimed is not null && known is not null && !string.Equals(claimed, known, StringComparison.OrdinalIgnoreCase);
}
