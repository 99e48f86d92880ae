using System.Security.Cryptography;
using System.Text;

namespace SignOffBot.Host.Teams.Payloads;

/// <summary>
/// The id under which a retried activity is recognised (and recorded in the audit): Teams activity ids are unique
/// within a conversation only, so the conversation is part of it; otherwise an id seen in one chat would make the same
/// id in another chat look like a retry and be dropped.
/// </summary>
public static class TeamsDeliveryId
{
    // Stored ids are index keys: a conversation id too long for one is replaced by its hash.
    private const int MaxReadableLength = 300;

    public static string? Of(Activity activity)
    {
        if (activity.Id is not { } activityId || activity.Conversation?.Id is not { } conversationId)
        {
            return null;
        }

        var id = $"teams:{conversationId}|{activityId}";
        return id.Length <= MaxReadableLength
            ? id
            : "teams:sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{conversationId}|{activityId}")));
    }
}
