using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Testing.Slack;
using static SignOffBot.Host.Tests.Slack.Flows.SlackFixture;

namespace SignOffBot.Host.Tests.Slack.Flows;

/// <summary>
/// Unverified or malformed requests to the three Slack endpoints are refused and change nothing, each with problem
/// details that say what to change but not which part of a signature failed.
/// </summary>
public sealed class SlackVerificationFlowTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in new[] { "commands", "interactions", "events" })
        {
            foreach (var tamper in new[] { "no signature", "wrong signature", "signature over a different body", "timestamp 6 minutes old" })
            {
                data.Add(endpoint, tamper);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task UnverifiedRequests_Are401AndChangeNothing(string endpoint, string what)
    {
        await using var slack = await SlackFixture.StartAsync();
        await slack.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low");
        await slack.CommandReplyAsync(Ana, "request-feedback fraud-detection/churn-xgb@7");
        var events = await slack.AuditCountAsync();
        var tamper = what switch
        {
            "no signature" => SlackTamper.NoSignature,
            "wrong signature" => SlackTamper.WrongSecret,
            "signature over a different body" => SlackTamper.OverBody("command=%2Fsignoff&text=help"),
            _ => SlackTamper.Offset(TimeSpan.FromMinutes(-6)),
        };
        var request = endpoint switch
        {
            "commands" => slack.Signer.CommandRequest("request-final fraud-detection/churn-xgb@7", Ana, tamper: tamper),
            "interactions" => slack.Signer.InteractionRequest(Press(Ben, "feedback.approve", Review("Risk & Compliance")), tamper: tamper),
            _ => slack.Signer.EventRequest(MentionEvent("request-final fraud-detection/churn-xgb@7"), tamper: tamper),
        };

        var response = await slack.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(
            what == "timestamp 6 minutes old"
                ? "X-Slack-Request-Timestamp is more than five minutes away from now: a replayed or delayed request is refused. Nothing was done."
                : "The request is not signed for this Slack app: it needs X-Slack-Request-Timestamp and a v0 X-Slack-Signature made with the app's signing secret. Nothing was done.",
            await DetailAsync(response));
        Assert.Equal(events, await slack.AuditCountAsync());
        Assert.Equal("feedback-requested", (string?)(await slack.ItemAsync())["signOff"]!["state"]);
    }

    [Fact]
    public async Task MalformedBodies_Are400AndChangeNothing()
    {
        await using var slack = await SlackFixture.StartAsync();
        await slack.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low");
        var events = await slack.AuditCountAsync();

        var badForm = slack.Signer.FormRequest(SlackSigner.CommandsPath, []);
        var badEncoding = slack.Signer.SignedRequest(SlackSigner.CommandsPath, "text=%zz&user_id=U0ANA&channel_id=C1"u8.ToArray(), SlackSigner.FormContentType);
        var badPayload = slack.Signer.InteractionRequest("{\"type\":\"block_actions\",");
        var badEvent = slack.Signer.JsonRequest(SlackSigner.EventsPath, "{\"type\":");

        Assert.Equal("A Slack slash command needs its user_id and channel_id. Nothing was done.", await BadRequestDetailAsync(slack, badForm));
        Assert.Equal("The body is not a Slack slash command (an application/x-www-form-urlencoded form). Nothing was done.", await BadRequestDetailAsync(slack, badEncoding));
        Assert.Equal("The body is not a Slack interaction (a form whose payload field holds its JSON). Nothing was done.", await BadRequestDetailAsync(slack, badPayload));
        Assert.Equal("The body is not a Slack Events API envelope (a JSON object). Nothing was done.", await BadRequestDetailAsync(slack, badEvent));
        Assert.Equal(events, await slack.AuditCountAsync());
    }

    private static async Task<string?> BadRequestDetailAsync(SlackFixture slack, HttpRequestMessage request)
    {
        var response = await slack.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await DetailAsync(response);
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"];
    }

    [Fact]
    public async Task SslCheck_Is200WithNothingRun()
    {
        await using var slack = await SlackFixture.StartAsync();
        var calls = slack.Slack.Calls.Count;

        var response = await slack.Http.SendAsync(slack.Signer.FormRequest(SlackSigner.CommandsPath, [new("token", "legacy"), new("ssl_check", "1")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await slack.AuditCountAsync());
        Assert.Equal(calls, slack.Slack.Calls.Count);
    }

    [Fact]
    public async Task BadCommandText_GetsThePrivateUsageAndChangesNothing()
    {
        await using var slack = await SlackFixture.StartAsync();

        var reply = await slack.CommandReplyAsync(Ana, "bypass fraud-detection/churn-xgb@7 prod-api --hours 4");

        Assert.Equal("ephemeral", (string?)reply["response_type"]);
        Assert.Contains("Usage: bypass &lt;item&gt; &lt;infrastructure&gt; --incident &lt;ticket&gt; --hours &lt;n&gt;", (string?)reply["text"], StringComparison.Ordinal);
        Assert.Equal(0, await slack.AuditCountAsync());
    }

    private static JsonObject MentionEvent(string text) => new()
    {
        ["type"] = "event_callback",
        ["event_id"] = "Ev" + Guid.NewGuid().ToString("N")[..10],
        ["event"] = new JsonObject { ["type"] = "app_mention", ["user"] = Ana, ["channel"] = ReleaseChannel, ["text"] = "<@U0BOT> " + text, ["ts"] = "1700000000.000900" },
    };
}
