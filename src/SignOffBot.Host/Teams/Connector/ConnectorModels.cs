using SignOffBot.Host.Teams.Payloads;

namespace SignOffBot.Host.Teams.Connector;

/// <summary>
/// The body of <c>POST /v3/conversations</c> (camelCase on the wire, nulls left out). Use
/// <see cref="Personal"/> for a proactive 1:1 chat and <see cref="ChannelThread"/> for a new thread in a channel.
/// </summary>
public sealed record ConversationParameters
{
    public bool? IsGroup { get; init; }

    public ChannelAccount? Bot { get; init; }

    public List<ChannelAccount>? Members { get; init; }

    public string? TopicName { get; init; }

    /// <summary>The tenant, "permanent" place; Teams also wants it in <c>channelData.tenant.id</c>.</summary>
    public string? TenantId { get; init; }

    /// <summary>The first message (a channel thread's root post).</summary>
    public Activity? Activity { get; init; }

    public ConversationChannelData? ChannelData { get; init; }

    /// <summary>
    /// A proactive 1:1 chat with <paramref name="userId"/> (the user's <c>29:…</c> id): the tenant goes both in
    /// <c>tenantId</c> and <c>channelData.tenant.id</c> (without it Teams answers 400 "Malformed tenant id").
    /// </summary>
    public static ConversationParameters Personal(string appId, string userId, string tenantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = BotId(appId) },
            Members = [new ChannelAccount { Id = userId }],
            TenantId = tenantId,
            ChannelData = new ConversationChannelData { Tenant = new TeamsIdRef(tenantId) },
        };
    }

    /// <summary>
    /// A new thread in the channel <paramref name="channelId"/> (<c>19:…@thread.tacv2</c>) whose root post is
    /// <paramref name="activity"/>. The app must be installed in the team (else 403 BotNotInConversationRoster).
    /// </summary>
    public static ConversationParameters ChannelThread(string appId, string channelId, string tenantId, Activity activity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(activity);
        return new ConversationParameters
        {
            IsGroup = true,
            Bot = new ChannelAccount { Id = BotId(appId) },
            TenantId = tenantId,
            Activity = activity,
            ChannelData = new ConversationChannelData
            {
                Channel = new TeamsIdRef(channelId),
                Tenant = new TeamsIdRef(tenantId),
            },
        };
    }

    /// <summary>The bot's Teams id: <c>28:</c> followed by the Microsoft App ID.</summary>
    public static string BotId(string appId) => appId.StartsWith("28:", StringComparison.Ordinal) ? appId : "28:" + appId;
}

/// <summary>The Teams <c>channelData</c> of a create-conversation request.</summary>
public sealed record ConversationChannelData
{
    public TeamsIdRef? Tenant { get; init; }

    public TeamsIdRef? Channel { get; init; }
}

/// <summary>An <c>{"id": …}</c> reference (a tenant, a channel).</summary>
public sealed record TeamsIdRef(string Id);

/// <summary>
/// What <c>POST /v3/conversations</c> answered: the conversation id (<c>a:…</c> for a 1:1, the thread's id for
/// a channel thread) and, when an activity was posted with it, that activity's id. Deconstructs like a tuple.
/// </summary>
public sealed record CreatedConversation(string ConversationId, string? ActivityId);

/// <summary>
/// A conversation member as <c>GET /v3/conversations/{id}/members/{userId}</c> returns it;
/// <see cref="AadObjectId"/> is <c>aadObjectId</c>, or <c>objectId</c> as the Teams docs spell it.
/// </summary>
public sealed record TeamsMember(
    string Id,
    string? AadObjectId,
    string? Name,
    string? Email,
    string? UserPrincipalName,
    string? TenantId);

/// <summary>A channel of a team, as <c>GET /v3/teams/{teamId}/conversations</c> lists it.</summary>
public sealed record TeamChannel(string Id, string? Name);
