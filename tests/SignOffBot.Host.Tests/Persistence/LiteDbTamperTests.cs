using System.Net;
using LiteDB;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Items;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Persistence;

/// <summary>SPEC section 6: an event altered in the file, outside the product, is found by the chain check.</summary>
public sealed class LiteDbTamperTests
{
    [Fact]
    public void AuditChain_WhenAnEventIsAlteredInTheFile_NamesItsSequenceNumber()
    {
        var path = StoreHarness.NewDatabasePath();
        var time = StoreHarness.NewTime();
        using (var harness = new StoreHarness(path, time))
        {
            harness.Register(StoreHarness.Churn7);
            harness.RequestFeedback(StoreHarness.Churn7);
            harness.SignOffs.SubmitFeedback(StoreHarness.Churn7, "Risk & Compliance", FeedbackAnswerKind.MinorIssue, "check drift", StoreHarness.As("ben@example.com"));
            harness.SignOffs.SubmitFeedback(StoreHarness.Churn7, "Business", FeedbackAnswerKind.Approve, "fine", StoreHarness.As("biz@example.com"));
            Assert.True(AuditChain.Verify(harness.Storage.Audit.Trail()).Ok);
        }

        AlterComment(path, 3, "all good, nothing to check");

        using var reopened = new StoreHarness(path, time);
        Assert.Equal("all good, nothing to check", reopened.Storage.Audit.Trail().Single(e => e.Seq == 3).Comment);
        var verification = AuditChain.Verify(reopened.Storage.Audit.Trail());
        Assert.False(verification.Ok);
        Assert.Equal(3, verification.BrokenAt);
    }

    [Fact]
    public void AuditChain_WhenAnEventIsDeletedFromTheFile_NamesTheMissingSequenceNumber()
    {
        var path = StoreHarness.NewDatabasePath();
        var time = StoreHarness.NewTime();
        using (var harness = new StoreHarness(path, time))
        {
            harness.Register(StoreHarness.Churn7);
            harness.RequestFeedback(StoreHarness.Churn7);
            harness.SignOffs.SubmitFeedback(StoreHarness.Churn7, "Business", FeedbackAnswerKind.Approve, "fine", StoreHarness.As("biz@example.com"));
        }

        using (var db = new LiteDatabase(path))
        {
            Assert.True(db.GetCollection(LiteDbSetup.Audit).Delete(2));
        }

        using var reopened = new StoreHarness(path, time);
        var verification = AuditChain.Verify(reopened.Storage.Audit.Trail());
        Assert.False(verification.Ok);
        Assert.Equal(2, verification.BrokenAt);
        Assert.Equal(1, verification.Events);
    }

    [Fact]
    public async Task AuditVerifyApi_WhenAnEventIsAlteredInTheFileBetweenRuns_ReportsItBroken()
    {
        string databasePath;
        await using (var app = new SignOffBotApplication())
        {
            databasePath = app.DatabasePath;
            var client = app.CreateClient(SignOffBotApplication.AllScopesKey);
            await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "ana@example.com");
            var feedback = await client.PostAsync("/api/v1/items/fraud-detection/churn-xgb@7/request-feedback", ApiJson.Body(new { by = "ana@example.com" }));
            Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
            var check = await client.GetAsync("/api/v1/deploy-check?item=fraud-detection%2Fchurn-xgb%407&infrastructure=staging-api");
            Assert.Equal(HttpStatusCode.OK, check.StatusCode);
            var intact = await ApiJson.ReadAsync(await client.GetAsync("/api/v1/audit/verify"));
            Assert.True((bool?)intact["ok"], intact.ToJsonString());
            Assert.Equal(3, (int?)intact["events"]);
        }

        await DatabaseFiles.WaitUntilClosedAsync(databasePath);
        AlterComment(databasePath, 2, "requested by someone else");

        await using var restarted = new SignOffBotApplication(databasePath);
        var response = await restarted.CreateClient(SignOffBotApplication.AllScopesKey).GetAsync("/api/v1/audit/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiJson.ReadAsync(response);
        Assert.False((bool?)body["ok"], body.ToJsonString());
        Assert.Equal(2, (int?)body["brokenAt"]);
    }

    /// <summary>Changes an event's comment the way someone with the file and LiteDB.Studio could.</summary>
    private static void AlterComment(string path, long seq, string comment)
    {
        using var db = new LiteDatabase(path);
        var audit = db.GetCollection(LiteDbSetup.Audit);
        var doc = audit.FindById(seq);
        Assert.NotNull(doc);
        Assert.True(doc.ContainsKey("Comment") || doc.ContainsKey("Hash"), doc.ToString());
        doc["Comment"] = comment;
        Assert.True(audit.Update(doc));
    }
}
