using System.Text.Json;
using System.Text.Json.Serialization;
using SignOffBot.Core.Notifications;

namespace SignOffBot.Host.Outbox;

/// <summary>Notices as stored in the outbox: a <c>kind</c> discriminator and the record's fields.</summary>
public static class NoticeJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private sealed record Envelope(string Kind, JsonElement Body);

    public static string Write(Notice notice)
    {
        var (kind, body) = notice switch
        {
            ReviewRequestNotice n => ("review-request", JsonSerializer.SerializeToElement(n, Options)),
            BypassRequestNotice n => ("bypass-request", JsonSerializer.SerializeToElement(n, Options)),
            ChannelStatusNotice n => ("channel-status", JsonSerializer.SerializeToElement(n, Options)),
            CardRefreshNotice n => ("card-refresh", JsonSerializer.SerializeToElement(n, Options)),
            PostCardNotice n => ("post-card", JsonSerializer.SerializeToElement(n, Options)),
            PostTextNotice n => ("post-text", JsonSerializer.SerializeToElement(n, Options)),
            ReminderNotice n => ("reminder", JsonSerializer.SerializeToElement(n, Options)),
            OverdueNotice n => ("overdue", JsonSerializer.SerializeToElement(n, Options)),
            _ => throw new ArgumentException($"No stored form for {notice.GetType().Name}.", nameof(notice)),
        };
        return JsonSerializer.Serialize(new Envelope(kind, body), Options);
    }

    public static Notice Read(string json)
    {
        var envelope = JsonSerializer.Deserialize<Envelope>(json, Options) ?? throw new JsonException("Empty notice.");
        return envelope.Kind switch
        {
            "review-request" => envelope.Body.Deserialize<ReviewRequestNotice>(Options)!,
            "bypass-request" => envelope.Body.Deserialize<BypassRequestNotice>(Options)!,
            "channel-status" => envelope.Body.Deserialize<ChannelStatusNotice>(Options)!,
            "card-refresh" => envelope.Body.Deserialize<CardRefreshNotice>(Options)!,
            "post-card" => envelope.Body.Deserialize<PostCardNotice>(Options)!,
            "post-text" => envelope.Body.Deserialize<PostTextNotice>(Options)!,
            "reminder" => envelope.Body.Deserialize<ReminderNotice>(Options)!,
            "overdue" => envelope.Body.Deserialize<OverdueNotice>(Options)!,
            _ => throw new JsonException($"Unknown notice kind '{envelope.Kind}'."),
        };
    }
}
