using System.Net;
using LiteDB;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Items;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Storage;

/// <summary>Changing the stored trail behind the product's back is found, and the first bad sequence number named.</summary>
public sealed class AuditTamperTests
{
    private const string Churn7 = "fraud-detection/churn-xgb@7";

    [Fact]
    public void AlteredComment_InTheFile_VerifyNamesExactlyThatSequenceNumber()
    {
        using var bench = new StoreFixture();
        BuildTrail(bench);
        var trail = bench.Audit();
        var target = trail.First(e => e.Comment == "needs a drift alert");
        Assert.True(target.Seq > 1 && target.Seq < trail.Count, "the altered event is in the middle of the trail");
        bench.Close();

        using (var raw = bench.OpenRaw())
        {
            var audit = raw.GetCollection(LiteDbSetup.Audit);
            var doc = audit.FindById(new BsonValue(target.Seq));
            Assert.Equal("needs a drift alert", doc["Comment"].AsString);
            doc["Comment"] = "looks fine";
            Assert.True(audit.Update(doc));
        }

        bench.Open();
        Assert.Equal(new AuditVerification(false, target.Seq - 1, target.Seq), AuditChain.Verify(bench.Storage.Audit.Trail()));
    }

    [Fact]
    public void DeletedEvent_InTheFile_VerifyNamesTheMissingSequenceNumber()
    {
        using var bench = new StoreFixture();
        BuildTrail(bench);
        bench.Close();

        using (var raw = bench.OpenRaw())
        {
            Assert.True(raw.GetCollection(LiteDbSetup.Audit).Delete(new BsonValue(3L)));
        }

        bench.Open();
        Assert.Equal(3, bench.Verify().BrokenAt);
    }

    [Fact]
    public void AlteredHashAndComment_Together_AreStillFoundAtTheNextEvent()
    {
        using var bench = new StoreFixture();
        BuildTrail(bench);
        var trail = bench.Audit();
        var target = trail[2];
        bench.Close();

        // A forger who also recomputes the event's own hash breaks the link from the event after it.
        using (var raw = bench.OpenRaw())
        {
            var audit = raw.GetCollection(LiteDbSetup.Audit);
            var forged = target with { Comment = "forged" };
            forged = forged with { Hash = AuditChain.HashOf(forged) };
            var doc = audit.FindById(new BsonValue(target.Seq));
            doc["Comment"] = forged.Comment;
            doc["Hash"] = forged.Hash;
            Assert.True(audit.Update(doc));
        }

        bench.Open();
        Assert.Equal(target.Seq + 1, bench.Verify().BrokenAt);
    }

    [Fact]
    public async Task VerifyEndpoint_AfterTheFileWasAlteredWhileTheHostWasStopped_SaysNotOkAndWhere()
    {
        string databasePath;
        await using (var first = new HostFixture())
        {
            databasePath = first.DatabasePath;
            var client = first.CreateClient(HostFixture.AllScopesKey);
            await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "ana@example.com");
            await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "8", "ana@example.com");
            await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "9", "ana@example.com");
            var ok = await client.GetAsync("/api/v1/audit/verify");
            Assert.Equal("""{"ok":true,"events":3}""", await ok.Content.ReadAsStringAsync());
        }

        await DatabaseFiles.WaitUntilClosedAsync(databasePath);
        using (var raw = new LiteDatabase(new ConnectionString { Filename = databasePath, Connection = ConnectionType.Direct }))
        {
            var audit = raw.GetCollection(LiteDbSetup.Audit);
            var doc = audit.FindById(new BsonValue(2L));
            Assert.Equal("fraud-detection/churn-xgb@8", doc["Item"].AsString);
            doc["Actor"] = "mallory@example.com";
            Assert.True(audit.Update(doc));
        }

        await using var second = new HostFixture(databasePath);
        var response = await second.CreateClient(HostFixture.AllScopesKey).GetAsync("/api/v1/audit/verify");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"ok":false,"brokenAt":2}""", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Six events: register, request feedback, three answers, request final.</summary>
    private static void BuildTrail(StoreFixture bench)
    {
        var key = StoreFixture.Key(Churn7);
        bench.Register(Churn7, "ana@example.com");
        bench.SignOffs.RequestFeedback(key, [], StoreFixture.As("ana@example.com"));
        bench.SignOffs.SubmitFeedback(key, "IT & Operations", FeedbackAnswerKind.MinorIssue, "needs a drift alert", StoreFixture.As("ops@example.com"));
        bench.SignOffs.SubmitFeedback(key, "Business", FeedbackAnswerKind.Approve, null, StoreFixture.As("biz@example.com"));
        bench.SignOffs.SubmitFeedback(key, "Risk & Compliance", FeedbackAnswerKind.Approve, null, StoreFixture.As("ben@example.com"));
        bench.SignOffs.RequestFinal(key, StoreFixture.As("ana@example.com"));
        Assert.Equal(new AuditVerification(true, 6, null), bench.Verify());
    }
}
