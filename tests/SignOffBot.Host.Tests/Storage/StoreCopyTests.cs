using SignOffBot.Host.Storage;
using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.Storage;

/// <summary>The consistent copy of a running store that backups are made of (<see cref="LiteDbUnitOfWork.WhileQuiet"/>).</summary>
public sealed class StoreCopyTests
{
    [Fact]
    public async Task WhileQuiet_HoldsWritesBackUntilItReturns_AndTheDataFileAloneHoldsEveryCommitBeforeIt()
    {
        using var bench = new StoreFixture();
        bench.Register("fraud-detection/churn-xgb@7", "ana@example.com");
        var during = Path.Combine(TempFolder.Create(), "during.db");
        Task? write = null;

        bench.Storage.UnitOfWork.WhileQuiet(db =>
        {
            write = Task.Run(() => bench.Register("fraud-detection/churn-xgb@8", "ana@example.com"));
            var deadline = Environment.TickCount64 + 10_000;
            while (bench.Storage.UnitOfWork.Waiting == 0)
            {
                Assert.True(Environment.TickCount64 < deadline, "the write did not queue within 10 s");
                Thread.Sleep(1);
            }

            Thread.Sleep(50);
            Assert.False(write.IsCompleted, "a write went through while the store was quiet");
            using var copy = File.Create(during);
            db.CopyDataTo(copy);
        });

        await write!.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, LiteDbBackup.Check(during).Items);
        Assert.Equal(new Core.Audit.AuditVerification(true, 1, null), LiteDbBackup.Check(during).Audit);

        var after = Path.Combine(TempFolder.Create(), "after.db");
        LiteDbBackup.Write(bench.Storage, after);
        Assert.Equal(2, LiteDbBackup.Check(after).Items);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(after)!, "*.tmp"));
    }

    [Fact]
    public void WhileQuiet_FromInsideAWrite_IsRefusedRatherThanWaitingForItself()
    {
        using var bench = new StoreFixture();

        var refused = Assert.Throws<InvalidOperationException>(() =>
            bench.Storage.UnitOfWork.Write(_ => { bench.Storage.UnitOfWork.WhileQuiet(_ => { }); return 0; }));

        Assert.Contains("would wait for itself", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OfAFileWhoseLengthIsNotWholePages_SaysItIsNoStore_AndLeavesItAlone()
    {
        var file = Path.Combine(TempFolder.Create(), "odd.db");
        File.WriteAllBytes(file, new byte[10_000]);

        var refused = Assert.Throws<InvalidDataException>(() => LiteDbBackup.Check(file));

        Assert.Contains("is not a store file", refused.Message, StringComparison.Ordinal);
        Assert.Equal(10_000, new FileInfo(file).Length);
    }
}
