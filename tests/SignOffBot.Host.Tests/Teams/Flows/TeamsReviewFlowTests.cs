using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Testing.Teams;
using static SignOffBot.Host.Tests.Teams.Flows.TeamsFixture;

namespace SignOffBot.Host.Tests.Teams.Flows;

public sealed class TeamsReviewFlowTests
{
    private const string Item = "fraud-detection/churn-xgb@7";
    private const string RiskSlot = "Risk & Compliance";

    [Fact]
    public async Task ChannelCommand_WithTheBotMentioned_IsAnsweredInTheChannel()
    {
        await using var teams = await TeamsFixture.StartAsync();
        await teams.PostAsync(teams.Message(Ana, "help"));
        var activity = teams.Message(Ana, "<at>SignOffBot</at> register fraud-detection churn-xgb@7 --risk low", "channel") with
        {
            Entities = [new() { Type = "mention", Text = "<at>SignOffBot</at>", Mentioned = new() { Id = "28:" + teams.Bot.AppId, Name = "SignOffBot" } }],
        };

        var response = await teams.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId == activity.Conversation!.Id && r.ActivityId == activity.Id));
        var attachment = reply.Body!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        Assert.Equal("1.5", (string?)attachment["content"]!["version"]);
        Assert.Null(reply.Body["text"]);
        Assert.Equal("not-started", (string?)(await teams.ItemAsync(Item))["signOff"]!["state"]);

        var check = teams.Message(Ana, "<at>SignOffBot</at> deploy-check fraud-detection/churn-xgb@7 prod-api", "channel");
        await teams.PostAsync(check);
        var answer = await teams.WaitForRequestsAsync(r => r.Method == "POST" && ((string?)r.Body?["text"])?.StartsWith("blocked:", StringComparison.Ordinal) == true);
        Assert.Contains("prod-api (policy prevent)", (string?)answer[0].Body!["text"], StringComparison.Ordinal);

        // Teams resends a message it got no quick answer to: the resend is not answered (nor audited) again.
        var events = await teams.AuditCountAsync();
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(check)).StatusCode);
        Assert.Equal(events, await teams.AuditCountAsync());
        Assert.Single(teams.Bot.ConnectorRequests, r => r.Method == "POST" && r.ActivityId == check.Id);
    }

    [Fact]
    public async Task ReviewFlow_RequestsApprovalsAndRefusals_UpdateEveryCopyAndRecordEachAnswerOnce()
    {
        await using var teams = await TeamsFixture.StartAsync();
        foreach (var person in new[] { Ana, Ben, Chen, Bea, Rita })
        {
            Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(person, "pending"))).StatusCode);
        }

        await teams.PostAsync(teams.Message(Ana, "status fraud-detection/churn-xgb@7", "channel"));
        await teams.PostAsync(teams.Message(Ana, "register fraud-detection churn-xgb@7 --risk low"));

        // request-feedback: 1:1 cards to the Teams reviewers, a status line in the release channel.
        await teams.PostAsync(teams.Message(Ana, "request-feedback fraud-detection/churn-xgb@7"));
        foreach (var reviewer in new[] { Ben, Chen, Bea })
        {
            var card = await teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId == PersonalConversation(reviewer) && r.Body?["attachments"] is not null);
            Assert.Contains("Approve", card[0].BodyText, StringComparison.Ordinal);
        }

        var status = await teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId == ReleaseChannel && ((string?)r.Body?["text"])?.Contains("requested feedback", StringComparison.Ordinal) == true);
        Assert.Contains("Ana Ortiz", (string?)status[0].Body!["text"], StringComparison.Ordinal);

        // Ben approves Risk & Compliance from his card.
        var eventsBefore = await teams.AuditCountAsync();
        var press = teams.Press(Ben, "feedback.approve", Data(RiskSlot, "comment-risk-compliance", "Fairness report checked"));
        var answer = await teams.InvokeAsync(press);
        Assert.Equal(200, (int?)answer["statusCode"]);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)answer["type"]);
        Assert.Contains("Fairness report checked", answer["value"]!.ToJsonString(), StringComparison.Ordinal);
        var item = await teams.ItemAsync(Item);
        var risk = item["signOff"]!["feedback"]!.AsArray().Single(s => (string?)s!["category"] == RiskSlot)!;
        var recorded = Assert.Single(risk["answers"]!.AsArray());
        Assert.Equal(("ben@example.com", "approve", "Fairness report checked"), ((string?)recorded!["by"], (string?)recorded["answer"], (string?)recorded["comment"]));
        Assert.Equal(eventsBefore + 1, await teams.AuditCountAsync());

        // Every copy the bot posted (Ben's, Chen's, Bea's 1:1 cards, Ana's and the channel's) is redrawn in place.
        var copies = await EveryCopyShowsAsync(teams, "Fairness report checked");
        Assert.True(copies.Count >= 4, $"only {copies.Count} cards were posted");

        // Teams resends the same invoke when it waited too long: nothing is recorded twice.
        var again = await teams.InvokeAsync(press);
        Assert.Equal(200, (int?)again["statusCode"]);
        Assert.Equal(eventsBefore + 1, await teams.AuditCountAsync());

        // Rita is not assigned: a private refusal, and nothing changes.
        var refused = await teams.InvokeAsync(teams.Press(Rita, "feedback.approve", Data(RiskSlot, "comment-risk-compliance", "")));
        Assert.Equal(400, (int?)refused["statusCode"]);
        Assert.Equal("application/vnd.microsoft.error", (string?)refused["type"]);
        Assert.Contains("not assigned to you", (string?)refused["value"]!["message"], StringComparison.Ordinal);
        Assert.Equal(eventsBefore + 1, await teams.AuditCountAsync());

        // An automatic refresh draws Chen's card and never records anything.
        var refreshed = await teams.InvokeAsync(teams.Press(Chen, "refresh", new JsonObject { ["item"] = Item }, trigger: "automatic"));
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)refreshed["type"]);
        Assert.Equal(eventsBefore + 1, await teams.AuditCountAsync());

        // Final approval by Chen (model-risk), after Ana asks for it.
        await teams.PostAsync(teams.Message(Ana, "request-final fraud-detection/churn-xgb@7"));
        var final = await teams.InvokeAsync(teams.Press(Chen, "final.approve", Data("final", "comment-final", "Ship it")));
        Assert.Equal(200, (int?)final["statusCode"]);
        var approved = await teams.ItemAsync(Item);
        Assert.Equal("approved", (string?)approved["signOff"]!["state"]);
        Assert.Equal("chen@example.com", (string?)approved["signOff"]!["final"]!["decision"]!["by"]);
        // Later lines of the item reply in the thread its first line started in the release channel.
        await teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId!.StartsWith(ReleaseChannel + ";messageid=", StringComparison.Ordinal)
            && ((string?)r.Body?["text"])?.Contains("decided approve", StringComparison.Ordinal) == true);
        var allCopies = await EveryCopyShowsAsync(teams, "Ship it");
        Assert.True(allCopies.Count > copies.Count, "request-final sends the final approvers their cards");
        Assert.All(allCopies, c => Assert.DoesNotContain("Action.Execute\",\"title\":\"Approve", c.BodyText, StringComparison.Ordinal));

        // Every card the bot sent or answered with passes the official Adaptive Cards library, schema and Teams rules.
        var folder = SignOffBot.Testing.TempFolder.Create();
        var files = new List<string>();
        foreach (var card in teams.Bot.ConnectorRequests.SelectMany(r => r.Body?["attachments"]?.AsArray() ?? []).Append(answer).Append(final))
        {
            var file = Path.Combine(folder, $"card-{files.Count}.json");
            await File.WriteAllTextAsync(file, (card!["value"] ?? card).ToJsonString());
            files.Add(file);
        }

        var validation = await AdaptiveCards.CardTools.RunAsync("validate-adaptive-card.mjs", [.. files]);
        Assert.True(validation.ExitCode == 0, validation.ToString());
        Assert.True(files.Count > 10, $"only {files.Count} cards were sent");
    }

    /// <summary>
    /// Waits (bounded) until the newest drawing of every card the bot posted shows <paramref name="text"/>: its update
    /// after the change, or the post itself when it was drawn after it. Returns those newest drawings.
    /// </summary>
    private static async Task<List<ConnectorRequest>> EveryCopyShowsAsync(TeamsFixture teams, string text)
    {
        var deadline = Environment.TickCount64 + 15_000;
        while (true)
        {
            var requests = teams.Bot.ConnectorRequests;
            var newest = requests.Where(r => r.Method == "POST" && r.Body?["attachments"] is not null && r.StatusCode < 300 && r.CreatedId is not null)
                .Select(post => requests.LastOrDefault(r => r.Method == "PUT" && r.ActivityId == post.CreatedId && r.StatusCode < 300) ?? post)
                .ToList();
            if (newest.All(r => r.BodyText.Contains(text, StringComparison.Ordinal)))
            {
                return newest;
            }

            Assert.True(Environment.TickCount64 < deadline, $"copies not showing '{text}': {string.Join(", ", newest.Where(r => !r.BodyText.Contains(text, StringComparison.Ordinal)).Select(r => $"{r.Method} {r.ConversationId} {r.ActivityId ?? r.CreatedId}"))}");
            teams.App.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(25);
        }
    }

    private static JsonObject Data(string slot, string commentInput, string comment) => new()
    {
        ["item"] = Item,
        ["slot"] = slot,
        ["commentInput"] = commentInput,
        [commentInput] = comment,
    };
}
