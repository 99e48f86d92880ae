using SignOffBot.Core.Ports;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Storage.Contract;

/// <summary>The store contract against the embedded LiteDB store, on a real file in a temp folder.</summary>
public sealed class LiteDbStoreContractTests : SignOffStoreContract
{
    // Field initializers run before the base constructor, which opens the store.
    private readonly string _path = Path.Combine(TempFolder.Create(), "signoff.db");

    protected override ISignOffStore OpenStore() => new LiteDbSignOffStore(LiteDbSetup.Open(_path), new OutboxSignal());

    protected override IReadOnlyList<string> DueReminders(ISignOffStore store, DateTimeOffset now) =>
        [.. ((IReminderStore)store).DueReminders(now, 100).Select(r => r.Id)];

    protected override int WaitingNotices(ISignOffStore store) => ((LiteDbSignOffStore)store).OutboxCounts().Waiting;
}
