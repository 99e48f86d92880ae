using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Telemetry;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.Teams.Flows;
using SignOffBot.Testing;
using static SignOffBot.Host.Tests.Teams.Flows.TeamsFixture;

namespace SignOffBot.Host.Tests.Telemetry;

/// <summary>
/// One answer through the real host and the Teams fake on loopback, seen by the in-memory OpenTelemetry exporters:
/// its lead time by category and risk, one trace from the endpoint through the action and its commit to the
/// deliveries it queued, and its log lines (no outbound HTTP chatter at Information, one line for the accepted action).
/// </summary>
public sealed class TelemetryFlowTests
{
    // A key no other test uses: spans are found by the source's name process-wide, so other hosts' spans come too.
    private const string Item = "fraud-detection/telemetry-trace@7";
    private const string RiskSlot = "Risk & Compliance";
    private const string Comment = "Fairness report checked";

    [Fact]
    public async Task AnswerThroughTeams_IsMeasuredTracedAndLogged()
    {
        var logs = new TestLogs();
        InMemoryTelemetry telemetry = null!;
        await using var teams = await TeamsFixture.StartAsync(app =>
        {
            telemetry = InMemoryTelemetry.In(app);
            app.ExtraServices.Add(services => services.AddLogging(logging => logging.AddProvider(logs)));
        });
        foreach (var person in new[] { Ana, Ben, Chen, Bea })
        {
            await teams.PostAsync(teams.Message(person, "pending"));
        }

        await teams.PostAsync(teams.Message(Ana, "register fraud-detection telemetry-trace@7 --risk medium --model-card https://wiki.example.com/churn-7"));
        await teams.PostAsync(teams.Message(Ana, "request-feedback fraud-detection/telemetry-trace@7"));
        await teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId == PersonalConversation(Ben) && r.Body?["attachments"] is not null);
        teams.App.Time.Advance(TimeSpan.FromHours(2));

        var answer = await teams.InvokeAsync(teams.Press(Ben, "feedback.approve", new JsonObject
        {
            ["item"] = Item,
            ["slot"] = RiskSlot,
            ["commentInput"] = "comment-risk-compliance",
            ["comment-risk-compliance"] = Comment,
        }));
        Assert.Equal(200, (int?)answer["statusCode"]);

        // The lead time: from the request to Ben's answer, as the audit trail has both.
        var trail = (await ApiJson.ReadAsync(await teams.Api.GetAsync($"/api/v1/audit?item={Uri.EscapeDataString(Item)}"))).AsArray();
        var requested = DateTimeOffset.Parse((string)trail.Single(e => (string?)e!["action"] == "feedback-requested")!["at"]!, System.Globalization.CultureInfo.InvariantCulture);
        var answered = DateTimeOffset.Parse((string)trail.Single(e => (string?)e!["action"] == "feedback")!["at"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(answered - requested >= TimeSpan.FromHours(2));
        var lead = Assert.Single(telemetry.Points(SignOffBotMetrics.LeadTime));
        Assert.Equal(RiskSlot, InMemoryTelemetry.Tag(lead, "category"));
        Assert.Equal("medium", InMemoryTelemetry.Tag(lead, "risk"));
        Assert.Equal(1, lead.GetHistogramCount());
        Assert.Equal((answered - requested).TotalSeconds, lead.GetHistogramSum());

        // The slot answered is no longer open (0, not its last value); the others still are.
        var open = telemetry.Points(SignOffBotMetrics.OpenSlots);
        long Open(string category) => open.Single(p => InMemoryTelemetry.Has(p, ("category", category), ("risk", "medium"))).GetGaugeLastValueLong();
        Assert.Equal((0L, 1L, 1L), (Open(RiskSlot), Open("IT & Operations"), Open("Business")));

        // The trace: endpoint → action (with the item) → commit → the deliveries it queued, one trace id, one parent chain.
        var action = Assert.Single(telemetry.Spans, s => s.OperationName == SignOffBotTrace.ActionSpan && (string?)s.GetTagItem(SignOffBotTrace.Item) == Item
            && (string?)s.GetTagItem(SignOffBotTrace.Action) == "feedback");
        Assert.Equal("applied", action.GetTagItem(SignOffBotTrace.Outcome));
        Assert.Equal("teams", action.GetTagItem(SignOffBotTrace.Platform));
        var endpoint = Assert.Single(telemetry.Spans, s => s.SpanId == action.ParentSpanId);
        Assert.Equal(ActivityKind.Server, endpoint.Kind);
        Assert.Equal("/api/messages", endpoint.GetTagItem("http.route"));
        Assert.Equal(default, endpoint.ParentSpanId);
        var commit = Assert.Single(telemetry.Spans, s => s.OperationName == SignOffBotTrace.CommitSpan && s.ParentSpanId == action.SpanId);
        Assert.Equal(action.TraceId, commit.TraceId);
        Assert.Equal(ActivityStatusCode.Unset, commit.Status);
        var sends = await telemetry.WaitForSpansAsync(
            s => s.OperationName == SignOffBotTrace.SendSpan && s.ParentSpanId == commit.SpanId && (string?)s.GetTagItem(SignOffBotTrace.DeliveryOutcome) == "sent",
            whileWaiting: () => teams.App.Time.Advance(TimeSpan.FromMilliseconds(100)));
        var send = sends[0];
        Assert.Equal(action.TraceId, send.TraceId);
        Assert.Equal(Item, send.GetTagItem(SignOffBotTrace.Item));
        Assert.Contains(send.GetTagItem(SignOffBotTrace.Platform), new object[] { "teams", "slack" });
        // Under the send: the outbound HTTP call to the platform.
        Assert.Contains(telemetry.Spans, s => s.ParentSpanId == send.SpanId && s.Kind == ActivityKind.Client && s.TraceId == action.TraceId);

        // Counts of what happened around it.
        var acks = telemetry.Points(SignOffBotMetrics.AckDuration).Where(p => InMemoryTelemetry.Tag(p, "endpoint") == "/api/messages").ToList();
        Assert.True(acks.Sum(p => p.GetHistogramCount()) >= 7, $"{acks.Sum(p => p.GetHistogramCount())} acks timed");
        var sent = telemetry.Points(SignOffBotMetrics.DeliveryOutcomes).Where(p => InMemoryTelemetry.Has(p, ("outcome", "sent"), ("platform", "teams"))).Sum(p => p.GetSumLong());
        Assert.True(sent >= 3, $"{sent} Teams deliveries counted as sent");
        var dead = telemetry.Points(SignOffBotMetrics.Deliveries).Where(p => InMemoryTelemetry.Has(p, ("platform", "teams"), ("state", "dead"))).ToList();
        Assert.Equal(0, Assert.Single(dead).GetGaugeLastValueLong());

        // Logs: the outbound HTTP calls (there were many) say nothing at Information; the accepted answer is one line
        // with its item, and no comment text.
        Assert.True(teams.Bot.ConnectorRequests.Count > 5);
        Assert.DoesNotContain(logs.Entries, e => e.Category?.StartsWith("System.Net.Http", StringComparison.Ordinal) == true && e.Level <= LogLevel.Information);
        var accepted = logs.Entries.Where(e => e.Id.Id == 8000).ToList();
        var line = Assert.Single(accepted, e => e.GetStructuredStateValue("Action") == "feedback");
        Assert.Equal(Item, line.GetStructuredStateValue("Item"));
        Assert.Equal("teams", line.GetStructuredStateValue("Platform"));
        Assert.Equal($"Action feedback on {Item} accepted from teams", line.Message);
        Assert.Contains(accepted, e => e.GetStructuredStateValue("Action") == "item-registered" && e.GetStructuredStateValue("Item") == Item);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Comment, StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Id.Id == 3000 && e.GetStructuredStateValue("Item") == Item && e.GetStructuredStateValue("Kind") is { Length: > 0 });
    }

    [Fact]
    public async Task OutboundHttpLogLevel_CanStillBeRaisedInConfiguration()
    {
        var logs = new TestLogs();
        await using var teams = await TeamsFixture.StartAsync(app =>
        {
            app.Settings["Logging:LogLevel:System.Net.Http"] = "Information";
            app.ExtraServices.Add(services => services.AddLogging(logging => logging.AddProvider(logs)));
        });

        var help = teams.Message(Ana, "help");
        await teams.PostAsync(help);
        await teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ActivityId == help.Id);

        Assert.Contains(logs.Entries, e => e.Category?.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal) == true && e.Level == LogLevel.Information);
    }
}
