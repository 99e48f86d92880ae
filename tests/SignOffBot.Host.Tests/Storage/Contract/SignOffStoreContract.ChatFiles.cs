using SignOffBot.Core.Notifications;
using SignOffBot.Host.Chat;

namespace SignOffBot.Host.Tests.Storage.Contract;

/// <summary>Files held for people until a chat surface sends them: any host of a cluster reads them back whole.</summary>
public abstract partial class SignOffStoreContract
{
    [Fact]
    public void AHeldFile_KeepsEveryByteAcrossAReopen_WithTheNoticesThatSendIt_UntilItExpires()
    {
        var bytes = Enumerable.Range(0, 256).Select(b => (byte)b).Concat("{\"é\":1}\n"u8.ToArray()).ToArray();
        var id = new ChatFiles(Ports.Records, Ports.UnitOfWork, Time).Hold(
            new ChatFile("a.attestation.json", bytes, "caption"), "ana@example.com",
            held => [new PostTextNotice("slack", "C0RELEASE", $"file {held}", null)]);

        Ports = Reopen();
        var files = new ChatFiles(Ports.Records, Ports.UnitOfWork, Time);

        var file = files.Find(id);
        Assert.NotNull(file);
        Assert.Equal(bytes, file.Content);
        Assert.Equal(("a.attestation.json", "ana@example.com", false), (file.Name, file.Person, file.Uploaded));
        Assert.Contains($"file {id}", Assert.Single(Ports.Outbox.UnplannedNotices(10)).Notice, StringComparison.Ordinal);
        files.MarkUploaded(file);
        Assert.True(files.Find(id)!.Uploaded);

        // Past its lifetime it is no longer there to send, and the person's next file drops it from the store.
        Time.Advance(ChatFiles.Lifetime);
        Assert.Null(files.Find(id));
        var next = files.Hold(new ChatFile("b.attestation.json", [1], "caption"), "ana@example.com", _ => []);
        var kept = Ports.Records.Set<ChatFileDocument>(ChatFiles.SetName).Find(d => d.Person == "ana@example.com");
        Assert.Equal([next], kept.Select(d => d.Id));
        files.Forget(next);
        Assert.Null(files.Find(next));
    }
}
