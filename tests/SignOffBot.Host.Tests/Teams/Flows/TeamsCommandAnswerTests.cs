using System.Net;
using static SignOffBot.Host.Tests.Teams.Flows.TeamsFixture;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>
/// A command's answer in Teams goes out through the outbox like every other message: a connector that refuses for a
/// while delays the answer; it is never dropped after the command was acknowledged.
/// </summary>
public sealed class TeamsCommandAnswerTests
{
    [Fact]
    public async Task TheAnswerToACommand_WhenTheConnectorThrottlesForAMinute_ArrivesAfterTheWait_AsAReplyToTheCommand()
    {
        await using var teams = await TeamsFixture.StartAsync();
        var chat = PersonalConversation(Ana);
        teams.Bot.FailNextThrottled($"/v3/conversations/{chat}/activities", retryAfterSeconds: 60, method: "POST");
        var command = teams.Message(Ana, "register fraud-detection churn-xgb@7 --risk low");

        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(command)).StatusCode);
        await teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId == chat && r.StatusCode == 429);

        // A minute passes (in big steps: the connector or the outbox waits out Retry-After on the host's clock).
        var deadline = Environment.TickCount64 + 10_000;
        List<SignOffBot.Testing.Teams.ConnectorRequest> answers;
        while ((answers = [.. teams.Bot.ConnectorRequests.Where(r => r.Method == "POST" && r.ConversationId == chat && r.StatusCode < 300
            && r.BodyText.Contains("Registered fraud-detection/churn-xgb@7", StringComparison.Ordinal))]).Count == 0)
        {
            Assert.True(Environment.TickCount64 < deadline, "the answer never arrived");
            teams.App.Time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(20);
        }

        var answer = Assert.Single(answers);
        Assert.Equal(command.Id, answer.ActivityId);
        Assert.Equal(command.Id, (string?)answer.Body!["replyToId"]);
    }
}
