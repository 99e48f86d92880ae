using SignOffBot.Core.Governance;
using SignOffBot.Host.Teams.Payloads;
using SignOffBot.Host.Teams.Connector;
using SignOffBot.Host.Teams.Conversations;

namespace SignOffBot.Host.Teams;

/// <summary>
/// Maps a Teams user to a person of the directory: by Entra object id first, then by the user principal name the
/// roster gives for the user (asked once, then remembered with the conversation reference). Never by the roster's
/// <c>email</c>, which a tenant administrator can set to anything. A person the directory pins to an object id is only
/// ever that object; and what the bot stored for a Teams user or a person is never re-pointed to another Entra object:
/// such an activity is taken for an unknown person, and a warning says so.
/// </summary>
public sealed partial class TeamsPeople(
    IGovernanceSource governance,
    TeamsConversations conversations,
    BotConnectorClient connector,
    ILogger<TeamsPeople> log)
{
    /// <summary>By object id; else by UPN, only for a person the directory pins to no object id.</summary>
    public static Person? Match(string? aadObjectId, string? userPrincipalName, GovernanceModel directory) =>
        (aadObjectId is null ? null : directory.FindByTeamsAadObjectId(aadObjectId))
        ?? (string.IsNullOrWhiteSpace(userPrincipalName) ? null
            : directory.FindPerson(userPrincipalName.Trim().ToLowerInvariant()) is { TeamsAadObjectId: null } named ? named : null);

    /// <summary>The person a roster member is, unless taking them for it would re-point what is stored.</summary>
    public Person? MatchMember(TeamsMember member, GovernanceModel directory) =>
        Checked(member.Id, member.AadObjectId, Match(member.AadObjectId, member.UserPrincipalName, directory));

    public async Task<Person?> ResolveAsync(Activity activity, CancellationToken cancellationToken)
    {
        var directory = governance.Current;
        var aad = activity.From?.AadObjectId;
        var userId = activity.From?.Id;
        if (aad is not null && directory.FindByTeamsAadObjectId(aad) is { } byAad)
        {
            return Checked(userId, aad, byAad);
        }

        if (userId is null)
        {
            return null;
        }

        if (conversations.ByUserId(userId)?.PersonId is { } known && directory.FindPerson(known) is { } remembered)
        {
            return Checked(userId, aad, remembered);
        }

        if (activity.ServiceUrl is null || activity.Conversation?.Id is null)
        {
            return Checked(userId, aad, null);
        }

        var member = await connector.GetMemberAsync(activity.ServiceUrl, activity.Conversation.Id, userId, cancellationToken);
        if (member?.AadObjectId is { } memberAad && !SameObject(memberAad, aad))
        {
            LogMemberOfAnotherObject(userId, aad, memberAad);
            return null;
        }

        return Checked(userId, aad, member is null ? null : Match(member.AadObjectId ?? aad, member.UserPrincipalName, directory));
    }

    public static bool SameObject(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <paramref name="person"/>, unless the Teams user or the person is stored with another Entra object, or the
    /// directory pins the person to another one.
    /// </summary>
    private Person? Checked(string? userId, string? aad, Person? person)
    {
        if (userId is not null && conversations.ByUserId(userId) is { AadObjectId: { } storedAad } user && !SameObject(storedAad, aad))
        {
            LogOtherObject(userId, aad, user.Id, user.PersonId, storedAad);
            return null;
        }

        if (person is null)
        {
            return null;
        }

        if (person.TeamsAadObjectId is { } pin)
        {
            if (SameObject(pin, aad))
            {
                // The directory names this object: what was stored for the person under another one is out of date.
                return person;
            }

            LogOtherObject(userId, aad, "Governance:People", person.Id, pin);
            return null;
        }

        if (conversations.StoredWithAnotherObject(person.Id, aad) is { } stored)
        {
            LogOtherObject(userId, aad, stored.Id, person.Id, stored.AadObjectId);
            return null;
        }

        return person;
    }

    [LoggerMessage(EventId = 4113, Level = LogLevel.Warning, Message = "Teams user {UserId} (Entra object {AadObjectId}) is taken for an unknown person: {Reference} ties {PersonId} to Entra object {StoredAadObjectId}, and it is kept")]
    private partial void LogOtherObject(string? userId, string? aadObjectId, string reference, string? personId, string? storedAadObjectId);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Warning, Message = "Teams user {UserId} (Entra object {AadObjectId}) is taken for an unknown person: the conversation's member record gives Entra object {MemberAadObjectId}")]
    private partial void LogMemberOfAnotherObject(string userId, string? aadObjectId, string memberAadObjectId);
}
