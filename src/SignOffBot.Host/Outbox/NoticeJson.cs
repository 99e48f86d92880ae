using System.Text.Json;
using SignOffBot.Core.Notifications;

namespace SignOffBot.Host.Outbox;

/// <summary>Notices as stored in the outbox: a <c>kind</c> discriminator and the record's fields.</summary>
public static class NoticeJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private sealed record Envelope(string Kind, JsonElement Body);

    public static string Write(Notice notice) =>
        JsonSerializer.Serialize(new Envelope(KindOf(notice), JsonSerializer.SerializeToElement(notice, notice.GetType(), Options)), Options);

    /// <summary>The stored kind of a <see cref="ChannelStatusNotice"/>.</summary>
    public const string ChannelStatusKind = "channel-status";

    /// <summary>The stored kind of <paramref name="notice"/>.</summary>
    public static string KindOf(Notice notice) => notice switch
    {
        ReviewRequestNotice => "review-request",
        BypassRequestNotice => "bypass-request",
        ChannelStatusNotice => ChannelStatusKind,
        CardRefreshNotice => "card-refresh",
        BypassRefreshNotice => "bypass-refresh",
        PostCardNotice => "post-card",
        PostTextNotice => "post-text",
        PostFileNotice => "post-file",
        UploadFileNotice => "upload-file",
        ReminderNotice => "reminder",
        OverdueNotice => "overdue",
        PrivateTextNotice => "private-text",
        _ => throw new ArgumentException($"No stored form for {notice.GetType().Name}.", nameof(notice)),
    };

    /// <summary>The item a notice is about, or null (a command's reply, a bypass request).</summary>
    public static string? ItemOf(Notice notice) => notice switch
    {
        ReviewRequestNotice n => n.Item,
        ChannelStatusNotice n => n.Item,
        CardRefreshNotice n => n.Item,
        PostCardNotice n => n.Item,
        ReminderNotice n => n.Item,
        OverdueNotice n => n.Item,
        PrivateTextNotice n => n.Item,
        _ => null,
    };

    public static Notice Read(string json)
    {
        var envelope = JsonSerializer.Deserialize<Envelope>(json, Options) ?? throw new JsonException("Empty notice.");
        return envelope.Kind switch
        {
            "review-request" => envelope.Body.Deserialize<ReviewRequestNotice>(Options)!,
            "bypass-request" => envelope.Body.Deserialize<BypassRequestNotice>(Options)!,
            "channel-status" => envelope.Body.Deserialize<ChannelStatusNotice>(Options)!,
            "card-refresh" => envelope.Body.Deserialize<CardRefreshNotice>(Options)!,
            "bypass-refresh" => envelope.Body.Deserialize<BypassRefreshNotice>(Options)!,
            "post-card" => envelope.Body.Deserialize<PostCardNotice>(Options)!,
            "post-text" => envelope.Body.Deserialize<PostTextNotice>(Options)!,
            "post-file" => envelope.Body.Deserialize<PostFileNotice>(Options)!,
            "upload-file" => envelope.Body.Deserialize<UploadFileNotice>(Options)!,
            "reminder" => envelope.Body.Deserialize<ReminderNotice>(Options)!,
            "overdue" => envelope.Body.Deserialize<OverdueNotice>(Options)!,
            "private-text" => envelope.Body.Deserialize<PrivateTextNotice>(Options)!,
            _ => throw new JsonException($"Unknown notice kind '{envelope.Kind}'."),
        };
    }
}
