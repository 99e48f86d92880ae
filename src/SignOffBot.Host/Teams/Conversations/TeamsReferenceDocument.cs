namespace SignOffBot.Host.Teams.Conversations;

/// <summary>
/// Where the bot can reach someone or somewhere in Teams, learnt from an authenticated activity.
/// <see cref="Id"/> is <c>user:&lt;29:id&gt;</c>, <c>personal:&lt;person id&gt;</c>, <c>channel:&lt;19:channel id&gt;</c> or
/// <c>team:&lt;team id&gt;</c> (a team the bot was added to, whose roster and channels it reads).
/// </summary>
public sealed class TeamsReferenceDocument
{
    public string Id { get; set; } = "";

    public string ServiceUrl { get; set; } = "";

    public string? ConversationId { get; set; }

    public string? TenantId { get; set; }

    public string? BotId { get; set; }

    /// <summary>The Teams user id (<c>29:…</c>) for user references.</summary>
    public string? UserId { get; set; }

    public string? AadObjectId { get; set; }

    /// <summary>The directory person this Teams user is, once known; indexed.</summary>
    public string? PersonId { get; set; }

    /// <summary>The team a channel or member was read from (roster and channel list).</summary>
    public string? TeamId { get; set; }

    public DateTime UpdatedAt { get; set; }
}
