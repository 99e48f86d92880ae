using System.Net;
using System.Text;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Playground;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Playground;

/// <summary>Bad input to the playground's endpoints gets a 400 that says what to change, and changes nothing.</summary>
public sealed class PlaygroundBadInputTests
{
    public static TheoryData<string, string, string> Requests => new()
    {
        { "/playground/api/commands", """{"as":"mallory@example.com","text":"status fraud-detection/churn-xgb@7"}""", "mallory@example.com is not a person of the directory." },
        { "/playground/api/commands", """{"text":"status fraud-detection/churn-xgb@7"}""", "Say who you are" },
        { "/playground/api/commands", """{"as":"ana@example.com","text":"   "}""", "Type a command of 1 to 4000 characters" },
        { "/playground/api/commands", $$"""{"as":"ana@example.com","text":"{{new string('x', 4001)}}"}""", "Type a command of 1 to 4000 characters" },
        { "/playground/api/commands", """{"as":"ana@example.com","text":"help","conversation":"dm:ben@example.com"}""", "There is no conversation dm:ben@example.com" },
        { "/playground/api/commands", """{"as":"ana@example.com","text":"help","conversation":"channel:nowhere"}""", "There is no conversation channel:nowhere" },
        { "/playground/api/commands", """{"as":"ana@example.com","text":"help",""", "The body is not valid JSON" },
        { "/playground/api/commands", """{"as":42,"text":"help"}""", "The body's field 'as' must be a string of valid text." },
        { "/playground/api/commands", "null", "The body must be a JSON object" },
        { "/playground/api/actions", """{"as":"ops@example.com","verb":"approve","data":{"item":"fraud-detection/churn-xgb@7","slot":"IT & Operations"}}""", "Unknown card action 'approve'." },
        { "/playground/api/actions", """{"as":"ops@example.com","verb":"refresh","data":{}}""", "Unknown card action 'refresh'." },
        { "/playground/api/actions", """{"as":"nobody","verb":"feedback.approve","data":{"item":"fraud-detection/churn-xgb@7","slot":"IT & Operations"}}""", "nobody is not a person of the directory." },
        { "/playground/api/actions", """{"as":"ops@example.com","verb":"feedback.approve","data":""", "The body is not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task IsA400ThatSaysWhatToChange_AndChangesNothing(string path, string body, string detail)
    {
        await using var host = new PlaygroundFixture();
        await host.RequestFeedbackAsync();
        var events = await host.AuditCountAsync();
        var lines = Lines(host);

        var response = await host.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiJson.ReadAsync(response);
        Assert.Contains(detail, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(events, await host.AuditCountAsync());
        Assert.Equal(lines, Lines(host));
    }

    [Fact]
    public async Task APageForSomeoneUnknown_IsA400()
    {
        await using var host = new PlaygroundFixture();

        var response = await host.Client.GetAsync("/playground/api/page?as=mallory%40example.com");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("mallory@example.com is not a person of the directory.", (string?)(await ApiJson.ReadAsync(response))["detail"]);
    }

    [Fact]
    public async Task APressOnAnUnknownItem_IsARefusalThatChangesNothing()
    {
        await using var host = new PlaygroundFixture();
        await host.RequestFeedbackAsync();
        var events = await host.AuditCountAsync();

        var answer = await ApiJson.ReadAsync(await host.PressAsync("ops@example.com", "feedback.approve", new() { ["item"] = "fraud-detection/ghost@1", ["slot"] = "IT & Operations" }));

        Assert.Equal("private", (string?)answer["reply"]);
        Assert.Contains("fraud-detection/ghost@1", (string?)answer["text"], StringComparison.Ordinal);
        Assert.Equal(events, await host.AuditCountAsync());
    }

    private static int Lines(PlaygroundFixture host) =>
        host.App.Services.GetRequiredService<LiteDbStorage>().ReadAll<BsonDocument>(PlaygroundTimeline.Collection).Count;
}
