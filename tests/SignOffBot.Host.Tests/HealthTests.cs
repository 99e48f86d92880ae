using System.Net;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_OnAFreshStore_IsOkWithStorageReadyAndAnEmptyOutbox()
    {
        await using var app = new HostFixture();
        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiJson.ReadAsync(response);
        Assert.Equal("ok", (string?)body["status"]);
        Assert.Equal("ready", (string?)body["storage"]);
        Assert.Equal(0, (int?)body["outbox"]!["waiting"]);
        Assert.Equal(0, (int?)body["outbox"]!["deadLetters"]);
        Assert.True(File.Exists(app.DatabasePath), "the LiteDB file is created at Storage:LiteDb:Path");
    }
}
