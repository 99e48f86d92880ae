using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Reminders;
using SignOffBot.Host.Chat;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Reminders;
using SignOffBot.Host.Tests.AdaptiveCards;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.Slack.Flows;
using SignOffBot.Host.Tests.Teams.Flows;
using SignOffBot.Testing;
using SignOffBot.Testing.Slack;

namespace SignOffBot.Host.Tests.Adapters;

/// <summary>
/// Times for the reader, through the real host with Teams and Slack both on: every kind of text that carries a time
/// (card answers, slot status and Changes lines, the approval's validity, bypass cards, deploy-check answers, refusals,
/// the audit reply, the bypass line, the expiry notices in private and in the release channels) goes out with its times
/// rendered for its reader, never as the core's mark: Slack date tokens with a UTC fallback, Adaptive Card DATE/TIME
/// functions, the person's own time zone in a Teams private text (Ana is in Europe/Paris), UTC in a Teams channel and
/// in the API.
/// </summary>
public sealed class ReaderTimeFlowTests
{
    private const string Item = "fraud-detection/churn-xgb@7";
    private const string Key = "fraud-detection/churn-xgb@7";

    /// <summary>The sample directory, with low-risk approvals of fraud-detection valid for 10 days and owners told 2 days before.</summary>
    private static Dictionary<string, string?> ExpiringApprovals()
    {
        var settings = HostFixture.SampleGovernanceSettings();
        Assert.Equal("fraud-detection", settings["Governance:Projects:0:Key"]);
        settings["Governance:Projects:0:Policy:Low:ApprovalValidFor"] = "10.00:00:00";
        settings["Reminders:RecertifyNoticeBefore"] = "2.00:00:00";
        return settings;
    }

    [Fact]
    public async Task EveryTimedText_ReachesTeamsSlackAndTheApi_RenderedForItsReader_NeverAsAMark()
    {
        await using var host = await TwoPlatformFixture.StartAsync(settings: ExpiringApprovals());
        host.Teams.ExtraChannels.Add((TeamsFixture.ReleaseChannel, "Releases"));
        await host.AddBotToTeamAsync("19:team-general@thread.tacv2", TeamsFixture.ReleaseChannel);
        var answers = new List<JsonNode>();
        foreach (var person in new[] { TeamsFixture.Ana, TeamsFixture.Ben })
        {
            await TeamsAsync(host, person, "pending");
        }

        // Monday 2026-11-23 09:00 UTC, 10:00 in Paris.
        await TeamsAsync(host, TeamsFixture.Ana, "register fraud-detection churn-xgb@7 --risk low");
        await TeamsAsync(host, TeamsFixture.Ana, $"request-feedback {Item} \"Risk & Compliance\" Business");
        answers.Add(await PressAsync(host, TeamsFixture.Ben, "feedback.approve", "Risk & Compliance"));
        await TeamsAsync(host, TeamsFixture.Ana, $"evidence {Item} --ticket CHG-9");
        await TeamsAsync(host, TeamsFixture.Ana, $"withdraw {Item} Business --reason sent to the wrong category");
        await TeamsAsync(host, TeamsFixture.Ana, $"request-final {Item}");
        answers.Add(await PressAsync(host, TeamsFixture.Ben, "final.approve", "final"));
        var approvedAt = DateTimeOffset.Parse((string)(await ApiJson.ReadAsync(await host.Api.GetAsync($"/api/v1/items/{Item}")))["signOff"]!["final"]!["decision"]!["at"]!, System.Globalization.CultureInfo.InvariantCulture);
        await TeamsAsync(host, TeamsFixture.Ana, $"deploy-check {Item} prod-api");
        await TeamsAsync(host, TeamsFixture.Ana, $"recertify {Item}");
        await TeamsAsync(host, TeamsFixture.Ana, $"audit {Item}");
        await TeamsAsync(host, TeamsFixture.Ben, $"revoke {Item} --reason bias finding INC-412");
        await host.SlackInteractAsync(SlackFixture.Press("U0BEN", "final.approve", new JsonObject { ["item"] = Item, ["slot"] = "final" }, channel: FakeSlackApi.DmChannelFor("U0BEN")));
        await DriveAsync(host);
        answers.Add(await host.SlackCommandAsync("U0ANA", $"audit {Item}"));
        answers.Add(await host.SlackCommandAsync("U0ANA", $"deploy-check {Item} prod-api"));

        // Eight days on, the owners are told the approval expires soon; two days later it has expired.
        await ScanAsync(host, TimeSpan.FromDays(8.5));
        await ScanAsync(host, TimeSpan.FromDays(2));

        answers.Add(await host.SlackCommandAsync("U0ANA", $"bypass {Item} prod-api --incident INC-9 --hours 4"));
        await DriveAsync(host);
        var bypassCard = host.Slack.CallsTo("chat.postMessage").Last(c => c.Arg("channel") == FakeSlackApi.DmChannelFor("U0OMAR"));
        var bypassId = Strings(bypassCard.Body).Select(t => Regex.Match(t, "\"bypass\":\"(?<id>[^\"]+)\"")).First(m => m.Success).Groups["id"].Value;
        await host.SlackInteractAsync(SlackFixture.Press("U0OMAR", "bypass.grant", new JsonObject { ["bypass"] = bypassId }, channel: FakeSlackApi.DmChannelFor("U0OMAR")));
        await DriveAsync(host);
        answers.Add(await host.SlackCommandAsync("U0ANA", $"bypass {Item} prod-api --incident INC-10 --hours 2"));
        await TeamsAsync(host, TeamsFixture.Ana, $"deploy-check {Item} prod-api");
        var api = new List<JsonNode>
        {
            await ApiJson.ReadAsync(await host.Api.GetAsync($"/api/v1/deploy-check?item={Item}&infrastructure=prod-api")),
            await ApiJson.ReadAsync(await host.Api.GetAsync($"/api/v1/items/{Item}")),
            await ApiJson.ReadAsync(await host.Api.GetAsync("/api/v1/audit?item=" + Uri.EscapeDataString(Item))),
            await ApiJson.ReadAsync(await host.Api.GetAsync("/api/v1/outbox/dead")),
        };

        // Nothing that left the host holds a mark.
        var slack = host.Slack.Calls.Select(c => (What: $"Slack {c.Method}", Json: c.Body ?? c.Args))
            .Concat(host.Slack.ResponseUrlPosts.Select(p => (What: "Slack response_url", Json: p.Body!)))
            .Concat(answers.Select(a => (What: "an immediate answer", Json: a)))
            .ToList();
        var teams = host.Teams.ConnectorRequests.Where(r => r.Body is not null).Select(r => (What: $"Teams {r.Method} {r.Path}", Json: r.Body!)).ToList();
        var everything = slack.Concat(teams).Concat(api.Select(a => (What: "the API", Json: a))).ToList();
        Assert.All(everything, sent => Assert.False(Strings(sent.Json).Any(ReaderTime.HasMarks), $"{sent.What} holds a mark: {sent.Json.ToJsonString()}"));

        // Slack: date tokens with the UTC fallback, in cards (the answer's time), channel lines and answers.
        var token = SlackToken(approvedAt);
        Assert.Contains(slack, s => Strings(s.Json).Any(t => t.Contains(token, StringComparison.Ordinal)));
        Assert.Contains(host.Slack.CallsTo("chat.postMessage"), c => c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel
            && Regex.IsMatch(c.Arg("text") ?? "", @"the approval expired on <!date\^\d+\^\{date_short_pretty\} \{time\}\|2026-12-\d\d \d\d:\d\d UTC>"));
        Assert.Matches(@"^#1 <!date\^17954\d{5}\^\{date_short_pretty\} \{time\}\|2026-11-23 09:0\d UTC> Ana Ortiz item-registered", Strings(answers[2]).Single(t => t.Contains("Audit of", StringComparison.Ordinal)).Split('\n')[1]);
        Assert.Contains(Strings(answers[^1]), t => t.Contains("A bypass is already active for this item and infrastructure until <!date^", StringComparison.Ordinal));

        // Teams: cards carry DATE/TIME (and pass the validators); Ana's own chat reads Paris time; the channel reads UTC.
        var cards = teams.SelectMany(t => Cards(t.Json)).Concat(answers.Take(2).Select(a => a["value"]).OfType<JsonObject>()).ToList();
        Assert.Contains(cards, c => c.ToJsonString().Contains($"{{{{DATE({Iso(approvedAt)}, SHORT)}}}} {{{{TIME({Iso(approvedAt)})}}}}", StringComparison.Ordinal));
        Assert.Contains(cards, c => c.ToJsonString().Contains("Approval valid until {{DATE(", StringComparison.Ordinal));
        Assert.Contains(cards, c => Regex.IsMatch(c.ToJsonString(), @"withdrawn by Ana Ortiz on \{\{DATE\("));
        await AssertValidCardsAsync(cards.TakeLast(6));
        var anaChat = TeamsTexts(host, TeamsFixture.PersonalConversation(TeamsFixture.Ana));
        Assert.Contains(anaChat, t => t.StartsWith($"allowed: {Key} was approved by Ben Okafor on {ParisTime(approvedAt)};", StringComparison.Ordinal));
        Assert.Contains(anaChat, t => t.StartsWith($"The approval of {Key} is valid until {ParisTime(approvedAt.AddDays(10))}:", StringComparison.Ordinal));
        Assert.Contains(anaChat, t => Regex.IsMatch(t, @"\n#1 2026-11-23 10:0\d UTC\+1 Ana Ortiz item-registered"));
        Assert.Contains(anaChat, t => Regex.IsMatch(t, @"^The approval of (your )?fraud-detection/churn-xgb@7 expire(s|d) on 2026-12-\d\d \d\d:\d\d UTC\+1"));
        Assert.Contains(TeamsTexts(host, TeamsFixture.ReleaseChannel), t => Regex.IsMatch(t, @"the approval expired on 2026-12-\d\d \d\d:\d\d UTC;"));

        // The API keeps UTC: ISO 8601 times in the item, "UTC" in the deploy-check's reason.
        Assert.Matches(@"valid until 2026-12-\d\d \d\d:\d\d UTC;", (string?)api[0]["reason"]);
        Assert.Matches(@"^2026-11-23T\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)$", (string?)api[1]["signOff"]!["feedback"]!.AsArray().Single(s => (string?)s!["category"] == "Risk & Compliance")!["answers"]![0]!["at"]);
    }

    [Fact]
    public async Task EveryNoticeKind_WithTimesInItsTexts_LeavesTeamsSlackAndThePlayground_WithoutAMark()
    {
        var settings = ExpiringApprovals();
        settings["Playground:Enabled"] = "true";
        await using var host = await TwoPlatformFixture.StartAsync(settings: settings);
        host.Teams.ExtraChannels.Add((TeamsFixture.ReleaseChannel, "Releases"));
        await host.AddBotToTeamAsync("19:team-general@thread.tacv2", TeamsFixture.ReleaseChannel);
        await TeamsAsync(host, TeamsFixture.Ana, "pending");
        await TeamsAsync(host, TeamsFixture.Ben, "pending");
        await host.RegisterAndRequestFeedbackAsync();
        await host.SlackCommandAsync("U0ANA", $"bypass {Item} prod-api --incident INC-9 --hours 4");
        await DriveAsync(host);
        var bypassCard = host.Slack.CallsTo("chat.postMessage").Last(c => c.Arg("channel") == FakeSlackApi.DmChannelFor("U0OMAR"));
        var bypassId = Strings(bypassCard.Body).Select(t => Regex.Match(t, "\"bypass\":\"(?<id>[^\"]+)\"")).First(m => m.Success).Groups["id"].Value;
        var before = (Slack: host.Slack.Calls.Count, Teams: host.Teams.ConnectorRequests.Count);

        var at = new DateTimeOffset(2026, 11, 23, 14, 5, 0, TimeSpan.Zero);
        var mark = ReaderTime.Mark(at);
        var anaChat = TeamsFixture.PersonalConversation(TeamsFixture.Ana);
        var files = host.App.Services.GetRequiredService<ChatFiles>();
        string Held(string name) => files.Hold(new ChatFile(name, [1, 2, 3], "held"), "ana@example.com", _ => []);
        var upload = host.Teams.UploadInfo("c.attestation.json");
        Notice[] notices =
        [
            new ReviewRequestNotice(new("ben@example.com"), Item, new SlotRef("Risk & Compliance")),
            new BypassRequestNotice(new("oncall@example.com"), bypassId),
            new ChannelStatusNotice("slack", TwoPlatformFixture.SlackReleaseChannel, Item, $"{Item}: a line at {mark}."),
            new ChannelStatusNotice("teams", TeamsFixture.ReleaseChannel, Item, $"{Item}: a final line at {mark}.", Final: true),
            new CardRefreshNotice(Item),
            new BypassRefreshNotice(bypassId),
            new PostCardNotice("slack", FakeSlackApi.DmChannelFor("U0ANA"), Item, "ana@example.com", $"A summary at {mark}."),
            new PostCardNotice("teams", anaChat, Item, "ana@example.com", $"A summary at {mark}.", host.Teams.ServiceUrl),
            new PostTextNotice("slack", TwoPlatformFixture.SlackReleaseChannel, $"An answer at {mark}.", null),
            new PostTextNotice("slack", TwoPlatformFixture.SlackReleaseChannel, $"An answer for Ana only at {mark}.", "U0ANA"),
            new PostTextNotice("teams", anaChat, $"An answer at {mark}.", null, null, host.Teams.ServiceUrl),
            new PostFileNotice("slack", TwoPlatformFixture.SlackReleaseChannel, new("ana@example.com"), "U0ANA", Held("a.attestation.json"), "a.attestation.json", 3, $"A caption at {mark}."),
            new PostFileNotice("teams", anaChat, new("ana@example.com"), TeamsFixture.Ana.Id, Held("b.attestation.json"), "b.attestation.json", 3, $"A caption at {mark}.", host.Teams.ServiceUrl),
            new UploadFileNotice("teams", anaChat, Held("c.attestation.json"), "c.attestation.json", (string)upload["uploadUrl"]!, (string)upload["contentUrl"]!, (string?)upload["uniqueId"], (string?)upload["fileType"], host.Teams.ServiceUrl),
            new ReminderNotice(new("ben@example.com"), ReminderKind.Feedback, Item, "Risk & Compliance", 1, 3),
            new OverdueNotice(new("ana@example.com"), ReminderKind.Feedback, Item, "Risk & Compliance", new("ben@example.com")),
            new PrivateTextNotice(new("ana@example.com"), Item, $"A private line at {mark}."),
        ];
        var kinds = typeof(Notice).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Notice)) && !t.IsAbstract).Select(t => t.Name).Order(StringComparer.Ordinal);
        Assert.Equal(kinds, notices.Select(n => n.GetType().Name).Distinct().Order(StringComparer.Ordinal));

        host.App.Services.GetRequiredService<OutboxWriter>().Enqueue(notices);
        await DriveAsync(host);

        var slack = host.Slack.Calls.Skip(before.Slack).Where(c => c.Ok).ToList();
        var teams = host.Teams.ConnectorRequests.Skip(before.Teams).Where(r => r.Body is not null).ToList();
        var sent = slack.Select(c => (What: $"Slack {c.Method}", Json: c.Body ?? c.Args))
            .Concat(teams.Select(r => (What: $"Teams {r.Method} {r.Path}", Json: r.Body!)))
            .ToList();
        foreach (var person in new[] { "ana@example.com", "ben@example.com", "oncall@example.com" })
        {
            sent.Add(($"the playground page of {person}", await ApiJson.ReadAsync(await host.Http.GetAsync($"/playground/api/page?as={Uri.EscapeDataString(person)}"))));
        }

        Assert.All(sent, s => Assert.False(Strings(s.Json).Any(ReaderTime.HasMarks), $"{s.What} holds a mark: {s.Json.ToJsonString()}"));
        var token = SlackToken(at);
        // The channel line, the two answers and Ana's private line (a Slack card's text is its own fallback, not the summary).
        Assert.Equal(4, slack.Count(c => c.Method is "chat.postMessage" or "chat.postEphemeral" && (c.Arg("text") ?? "").Contains(token, StringComparison.Ordinal)));
        Assert.Contains("A private line at 2026-11-23 15:05 UTC+1.", TeamsTexts(host, anaChat));
        Assert.Contains("An answer at 2026-11-23 14:05 UTC.", TeamsTexts(host, anaChat));
        Assert.Contains($"{Item}: a final line at 2026-11-23 14:05 UTC.", TeamsTexts(host, TeamsFixture.ReleaseChannel));
        Assert.Contains(teams, r => (string?)r.Body!["summary"] == "A summary at 2026-11-23 14:05 UTC.");
        Assert.Contains(slack, c => c.Method == "files.completeUploadExternal" && c.Arg("initial_comment") == $"A caption at {token}.");
        Assert.Contains(teams, r => (string?)r.Body!["attachments"]?[0]?["content"]?["description"] == "A caption at 2026-11-23 15:05 UTC+1.");
        Assert.Single(host.Teams.Uploads, u => u.StatusCode == 201 && u.Name == "c.attestation.json");
    }

    private static async Task TeamsAsync(TwoPlatformFixture host, (string Id, string Aad, string Name) user, string text)
    {
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsMessageAsync(user, text)).StatusCode);
        await DriveAsync(host);
    }

    private static async Task<JsonNode> PressAsync(TwoPlatformFixture host, (string Id, string Aad, string Name) user, string verb, string slot)
    {
        var press = host.Teams.InvokeActivity("adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = new JsonObject { ["item"] = Item, ["slot"] = slot } },
            ["trigger"] = "manual",
        }, user.Id, user.Aad, user.Name);
        var response = await host.TeamsActivityAsync(press);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, (int?)body["statusCode"]);
        await DriveAsync(host);
        return body;
    }

    private static Task DriveAsync(TwoPlatformFixture host) => host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

    private static async Task ScanAsync(TwoPlatformFixture host, TimeSpan by)
    {
        host.App.Time.Advance(by);
        host.App.Services.GetRequiredService<ReminderScanner>().RunDue();
        await DriveAsync(host);
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string SlackToken(DateTimeOffset at) =>
        $"<!date^{at.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time}}|{Time.Format(at)}>";

    private static string ParisTime(DateTimeOffset at) => Time.Format(at, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));

    private static List<string> TeamsTexts(TwoPlatformFixture host, string conversation) =>
        [.. host.Teams.ConnectorRequests
            .Where(r => r.Method == "POST" && r.ConversationId?.StartsWith(conversation, StringComparison.Ordinal) == true && r.Body?["text"] is not null)
            .Select(r => (string)r.Body!["text"]!)];

    private static IEnumerable<JsonObject> Cards(JsonNode activity) =>
        activity["attachments"]?.AsArray().Select(a => a?["content"]).OfType<JsonObject>() ?? [];

    private static async Task AssertValidCardsAsync(IEnumerable<JsonObject> cards)
    {
        var folder = TempFolder.Create();
        var files = new List<string>();
        foreach (var card in cards)
        {
            var file = Path.Combine(folder, $"card-{files.Count}.json");
            await File.WriteAllTextAsync(file, card.ToJsonString());
            files.Add(file);
        }

        var run = await CardTools.RunAsync("validate-adaptive-card.mjs", [.. files]);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    /// <summary>Every string in the JSON, keys aside.</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}
