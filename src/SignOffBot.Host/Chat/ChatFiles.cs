using SignOffBot.Core.Notifications;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Chat;

/// <summary>
/// Files the bot holds for a person until they are sent (a Slack upload, or a Teams offer the person accepts), in the
/// store so any host of a cluster can send them. A file is held for <see cref="Lifetime"/>; a person's expired ones are
/// dropped when they are next given one, and a sent one at once.
/// </summary>
public sealed class ChatFiles
{
    /// <summary>The set of <see cref="ChatFileDocument"/> records.</summary>
    public const string SetName = "chat_files";

    /// <summary>How long an offer can still be accepted (in Teams, the consent card waits for the person).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly IRecords<ChatFileDocument> _files;
    private readonly IUnitOfWork _unitOfWork;
    private readonly TimeProvider _time;

    public ChatFiles(IPlatformRecords records, IUnitOfWork unitOfWork, TimeProvider time)
    {
        _files = records.Set<ChatFileDocument>(SetName, d => d.Person);
        _unitOfWork = unitOfWork;
        _time = time;
    }

    /// <summary>
    /// Holds <paramref name="file"/> for <paramref name="person"/> and queues the notices that send it (made with its id),
    /// in one write: the notices go out if and only if the file is there to send.
    /// </summary>
    public string Hold(ChatFile file, string person, Func<string, IReadOnlyList<Notice>> notices)
    {
        var now = _time.GetUtcNow();
        var held = new ChatFileDocument
        {
            Id = Guid.NewGuid().ToString("N"),
            Person = person,
            Name = file.Name,
            Content = file.Content,
            HeldAt = now.UtcDateTime,
            ExpiresAt = (now + Lifetime).UtcDateTime,
        };
        _unitOfWork.Transact(session =>
        {
            var set = session.Records<ChatFileDocument>(SetName);
            foreach (var expired in set.Find(d => d.Person == person).Where(d => d.ExpiresAt <= now.UtcDateTime).Select(d => d.Id).ToList())
            {
                set.DeleteMany(d => d.Id == expired);
            }

            set.Upsert(held);
            session.EnqueueNotices(notices(held.Id), now);
            return held.Id;
        });
        return held.Id;
    }

    /// <summary>The held file, or null when it was sent, declined or has expired.</summary>
    public ChatFileDocument? Find(string id) =>
        _files.Find(id) is { } file && file.ExpiresAt > _time.GetUtcNow().UtcDateTime ? file : null;

    /// <summary>Notes that the bytes reached the platform (a retry then only tells the person).</summary>
    public void MarkUploaded(ChatFileDocument file)
    {
        file.Uploaded = true;
        _files.Upsert(file);
    }

    public void Forget(string id) => _files.Delete(id);
}

public sealed class ChatFileDocument
{
    public string Id { get; set; } = "";

    /// <summary>The directory person the file is for: only they may receive it.</summary>
    public string Person { get; set; } = "";

    public string Name { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public DateTime HeldAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    /// <summary>The bytes are on the platform already (a Teams upload done, its message still to post).</summary>
    public bool Uploaded { get; set; }
}
