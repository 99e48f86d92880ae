using SignOffBot.Core.Ports;
using SignOffBot.Core.Governance;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Teams.Payloads;
using SignOffBot.Core.Conversations;

namespace SignOffBot.Host.Teams.Conversations;

/// <summary>
/// What the bot learnt about where things live in Teams (service URL, tenant, conversation and user ids), kept
/// from every authenticated activity, and the copies of cards it posted.
/// </summary>
public sealed partial class TeamsConversations
{
    /// <summary>The set of <see cref="TeamsReferenceDocument"/> records.</summary>
    public const string ReferencesSet = "teams_references";

    /// <summary>The set of <see cref="TeamsCardCopyDocument"/> records.</summary>
    public const string CardCopiesSet = "teams_cards";

    private readonly IRecords<TeamsReferenceDocument> _references;
    private readonly IRecords<TeamsCardCopyDocument> _copies;
    private readonly TimeProvider _time;
    private readonly ILogger<TeamsConversations> _log;
    private static readonly TimeSpan RefreshSeenEvery = TimeSpan.FromHours(1);

    /// <summary>How long a person's Teams user id (or that there is none) is taken as known for a card's refresh list.</summary>
    private static readonly TimeSpan UserIdKnownFor = TimeSpan.FromMinutes(1);

    // Every card drawn lists the user ids that may refresh it, one look-up per person of the directory who can act on
    // it: kept here a minute (dropped at once when this host learns the person's user), a store query each otherwise.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string? UserId, DateTimeOffset Until)> _userIds = new(StringComparer.Ordinal);

    public TeamsConversations(IPlatformRecords records, TimeProvider time, ILogger<TeamsConversations> log)
    {
        _time = time;
        _log = log;
        _references = records.Set<TeamsReferenceDocument>(ReferencesSet, d => d.PersonId);
        _copies = records.Set<TeamsCardCopyDocument>(CardCopiesSet, d => d.Item);
    }

    /// <summary>
    /// Stores the sender, the conversation and (for a channel) the channel the activity came from. A reference stored
    /// with another Entra object than the sender's is kept as it is, unless the directory pins <paramref name="person"/>
    /// to the sender's object (an administrator's change of account).
    /// </summary>
    public void Remember(Activity activity, Person? person)
    {
        if (activity.ServiceUrl is not { } serviceUrl)
        {
            return;
        }

        var tenant = activity.TenantId();
        var bot = activity.Recipient?.Id;
        var aad = activity.From?.AadObjectId;
        var personId = person?.Id;
        if (activity.From?.Id is { } userId && userId.StartsWith("29:", StringComparison.Ordinal))
        {
            Upsert($"user:{userId}", serviceUrl, null, tenant, bot, userId, aad, personId);
            if (personId is not null && (!_userIds.TryGetValue(personId, out var known) || known.UserId is null))
            {
                _userIds.TryRemove(personId, out _);
            }
        }

        var conversation = activity.Conversation;
        if (conversation?.Id is not { } conversationId)
        {
            return;
        }

        if (conversation.ConversationType == "personal" && personId is not null)
        {
            var pinned = person!.TeamsAadObjectId is { } pin && string.Equals(pin, aad, StringComparison.OrdinalIgnoreCase);
            Upsert($"personal:{personId}", serviceUrl, conversationId, tenant, bot, activity.From?.Id, aad, personId, replaceObject: pinned);
        }

        if (activity.TeamsChannelId() is { } channelId)
        {
            Upsert($"channel:{channelId}", serviceUrl, channelId, tenant, bot, null, null, null);
        }
    }

    /// <summary>A reference the bot stored for the person with an Entra object other than <paramref name="aadObjectId"/>.</summary>
    public TeamsReferenceDocument? StoredWithAnotherObject(string personId, string? aadObjectId) =>
        _references.Find(d => d.PersonId == personId && d.AadObjectId != null)
            .FirstOrDefault(d => !string.Equals(d.AadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase));

    public TeamsReferenceDocument? Personal(string personId) => _references.Find($"personal:{personId}");

    /// <summary>A Teams user the bot has seen who is this person (to open a 1:1 chat, or for refresh ids).</summary>
    public TeamsReferenceDocument? User(string personId) => Users(personId, limit: 1).FirstOrDefault();

    /// <summary>The Teams user id of <see cref="User"/>, as known within the last minute: for the refresh list of a card.</summary>
    public string? RefreshUserId(string personId)
    {
        var now = _time.GetUtcNow();
        if (_userIds.TryGetValue(personId, out var known) && known.Until > now)
        {
            return known.UserId;
        }

        var userId = User(personId)?.UserId;
        _userIds[personId] = (userId, now + UserIdKnownFor);
        return userId;
    }

    /// <summary>Every Teams user the bot has seen who is this person.</summary>
    public IReadOnlyList<TeamsReferenceDocument> Users(string personId, int limit = int.MaxValue) =>
        _references.Find(d => d.PersonId == personId && d.UserId != null && d.Id.StartsWith("user:"), limit);

    public TeamsReferenceDocument? Channel(string channelId) => _references.Find($"channel:{channelId}");

    public TeamsReferenceDocument? ByUserId(string userId) => _references.Find($"user:{userId}");

    /// <summary>
    /// Teams release channels the bot has not been told about yet (it must be added to their team), and people with a
    /// Teams account it has never seen (it cannot message them privately until it has).
    /// </summary>
    public (IReadOnlyList<string> Channels, IReadOnlyList<string> People) Unreachable(GovernanceModel directory)
    {
        var channels = directory.Projects.SelectMany(p => p.ReleaseChannels)
            .Where(c => c.Platform == ChatPlatform.Teams && Channel(c.Id) is null)
            .Select(c => c.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var people = directory.People
            .Where(p => p.TeamsAadObjectId is not null && User(p.Id) is null)
            .Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
        return (channels, people);
    }

    /// <summary>A team the bot is in: its roster and channels are read when it is added and at every start.</summary>
    public void RememberTeam(string teamId, string serviceUrl, string? tenant) =>
        Upsert($"team:{teamId}", serviceUrl, teamId, tenant, null, null, null, null, teamId);

    public IReadOnlyList<TeamsReferenceDocument> KnownTeams() => _references.Find(d => d.Id.StartsWith("team:"));

    /// <summary>A member of a team's roster, matched to a directory person (or not: kept for the mention entity).</summary>
    public void RememberMember(string teamId, string serviceUrl, string? tenant, string userId, string? aadObjectId, string? personId) =>
        Upsert($"user:{userId}", serviceUrl, null, tenant, null, userId, aadObjectId, personId, teamId);

    /// <summary>A channel of a team the bot is in, so release channels other than General are reachable at once.</summary>
    public void RememberChannel(string teamId, string serviceUrl, string? tenant, string channelId) =>
        Upsert($"channel:{channelId}", serviceUrl, channelId, tenant, null, null, null, null, teamId);

    /// <summary>The bot was removed from the team: its channels and the team are no longer reachable.</summary>
    public int ForgetTeam(string teamId) => _references.Change(references =>
        references.DeleteMany(d => d.TeamId == teamId && (d.Id.StartsWith("channel:") || d.Id.StartsWith("team:"))));

    /// <summary>Drops a stored reference the connector said is gone (re-learnt from the next activity or roster read).</summary>
    public void Forget(string referenceId) => _references.Delete(referenceId);

    /// <summary>The 1:1 chat the bot opened with <paramref name="user"/>; <paramref name="replaceObject"/> when the directory pins the person to the user's object.</summary>
    public void SavePersonal(string personId, TeamsReferenceDocument user, string conversationId, bool replaceObject = false) =>
        Upsert($"personal:{personId}", user.ServiceUrl, conversationId, user.TenantId, user.BotId, user.UserId, user.AadObjectId, personId, replaceObject: replaceObject);

    public void AddCopy(string item, string serviceUrl, string conversationId, string activityId, string? viewer) =>
        _copies.Insert(new TeamsCardCopyDocument { Item = item, ServiceUrl = serviceUrl, ConversationId = conversationId, ActivityId = activityId, Viewer = viewer });

    public IReadOnlyList<TeamsCardCopyDocument> CopiesOf(string item) => _copies.Find(d => d.Item == item);

    public TeamsCardCopyDocument? Copy(string copyId) => StoredIds.ObjectIdOf(copyId) is { } id ? _copies.Find(id) : null;

    /// <summary>Drops a copy that can no longer be redrawn (its message was deleted, or the bot left the conversation).</summary>
    public void ForgetCopy(string copyId)
    {
        if (StoredIds.ObjectIdOf(copyId) is { } id)
        {
            _copies.Delete(id);
        }
    }

    private void Upsert(string id, string serviceUrl, string? conversationId, string? tenant, string? bot, string? userId, string? aad, string? personId, string? teamId = null, bool replaceObject = false)
    {
        // Every activity carries the same reference again: it is written only when it changed (or once an hour, to
        // keep UpdatedAt telling when it was last seen), not once per card press. The merge with what is stored is
        // made again inside the write, so two activities of the same person arriving together both count.
        var now = _time.GetUtcNow().UtcDateTime;
        var existing = _references.Find(id);
        if (!replaceObject && OtherObject(existing, aad))
        {
            LogKept(id, existing!.PersonId, existing.AadObjectId, aad);
            return;
        }

        if (existing is not null && SameReference(existing, Merged(existing)) && now - existing.UpdatedAt <= RefreshSeenEvery)
        {
            return;
        }

        _references.Change(references =>
        {
            var stored = references.Find(id);
            return (replaceObject || !OtherObject(stored, aad)) && references.Upsert(Merged(stored));
        });

        TeamsReferenceDocument Merged(TeamsReferenceDocument? stored) => new()
        {
            Id = id,
            ServiceUrl = serviceUrl,
            ConversationId = conversationId ?? stored?.ConversationId,
            TenantId = tenant ?? stored?.TenantId,
            BotId = bot ?? stored?.BotId,
            UserId = userId ?? stored?.UserId,
            AadObjectId = aad ?? stored?.AadObjectId,
            PersonId = personId ?? stored?.PersonId,
            TeamId = teamId ?? stored?.TeamId,
            UpdatedAt = now,
        };
    }

    // A user or a person once seen as one Entra object is never re-pointed to another by what arrives later.
    private static bool OtherObject(TeamsReferenceDocument? stored, string? aad) =>
        aad is not null && stored?.AadObjectId is { } known && !string.Equals(known, aad, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(EventId = 4115, Level = LogLevel.Warning, Message = "Teams reference {ReferenceId} of {PersonId} is kept as Entra object {StoredAadObjectId}: not re-pointed to Entra object {AadObjectId}")]
    private partial void LogKept(string referenceId, string? personId, string? storedAadObjectId, string? aadObjectId);

    private static bool SameReference(TeamsReferenceDocument a, TeamsReferenceDocument b) =>
        a.ServiceUrl == b.ServiceUrl && a.ConversationId == b.ConversationId && a.TenantId == b.TenantId && a.BotId == b.BotId
        && a.UserId == b.UserId && a.AadObjectId == b.AadObjectId && a.PersonId == b.PersonId && a.TeamId == b.TeamId;
}
