using SignOffBot.Host.Playground;
using SignOffBot.Host.Storage.Postgres;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing;
using static SignOffBot.Host.Tests.Api.ApiTestKit;
using static SignOffBot.Host.Tests.StoreCopy.StoreCopyKit;

namespace SignOffBot.Host.Tests.StoreCopy;

/// <summary>A host on the copy goes on where the file left off: what it adds gets ids after the copied ones, in order after them.</summary>
public sealed class StoreCopyAfterwardsTests
{
    [Fact]
    public async Task AHostOnTheCopy_AddsNoticesConfirmationsAndRecords_AfterTheCopiedOnes()
    {
        using var database = TestPostgres.CreateDatabase();
        var copied = Copy(SmallStore(), database);
        Assert.True(copied.ExitCode == 0, copied.ToString());
        var lastOutboxId = database.Scalar("SELECT max(id) FROM outbox");
        var lastLine = database.Scalar($"SELECT max((doc->>'Id')::bigint) FROM platform_records WHERE set_name = '{PlaygroundTimeline.Collection}'");

        await using (var app = new HostFixture())
        {
            app.Settings["Storage:Provider"] = "Postgres";
            app.Settings["Storage:Postgres:ConnectionString"] = database.ConnectionString;
            var client = await WithChurn7Async(app, risk: "low");
            await AssertOkAsync(await client.PostAsync("/api/v1/items/fraud-detection/churn-xgb@7/request-feedback", ApiJson.Body(new { by = "ana@example.com" })));
            await AssertOkAsync(await ConfirmAsync(client, "fraud-detection/churn-xgb@7", "staging-api", "ana@example.com", "load test"));
        }

        using var storage = PostgresStorage.Open(database.ConnectionString);
        var timeline = storage.Records.Set<PlaygroundMessageDocument>(PlaygroundTimeline.Collection);
        timeline.Insert(new PlaygroundMessageDocument { Conversation = PlaygroundTimeline.Direct("ana@example.com"), Text = "after the copy" });

        Assert.True(database.Scalar($"SELECT count(*) FROM outbox WHERE id > {lastOutboxId}") >= 2, "the host's notices are stored after the copied ones");
        Assert.Equal(1, database.Scalar("SELECT count(*) FROM confirmations WHERE doc->>'Item' = 'fraud-detection/churn-xgb@7'"));
        var newest = Assert.Single(timeline.Last(d => d.Conversation == PlaygroundTimeline.Direct("ana@example.com"), 1));
        Assert.Equal(("after the copy", lastLine + 1), (newest.Text, newest.Id));
    }
}
