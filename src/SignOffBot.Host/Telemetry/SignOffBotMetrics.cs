using System.Diagnostics.Metrics;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Outbox;

namespace SignOffBot.Host.Telemetry;

/// <summary>
/// The host's meter <see cref="MeterName"/> and its instruments (each one documented in <c>docs/metrics.md</c>).
/// Counters and histograms are recorded where their facts happen (an action committed, a delivery sent); the gauges
/// are read at each collection from what is already in memory (<see cref="OpenWork"/>) or counted through an index
/// (the outbox's counts). With no exporter configured nothing listens and recording costs next to nothing.
/// </summary>
public sealed class SignOffBotMetrics
{
    public const string MeterName = "SignOffBot";

    public const string LeadTime = "signoffbot.review.lead_time";
    public const string DecisionTime = "signoffbot.signoff.decision_time";
    public const string OpenSlots = "signoffbot.slots.open";
    public const string OverdueSlots = "signoffbot.slots.overdue";
    public const string DeployChecks = "signoffbot.deploy_check.decisions";
    public const string BypassesGranted = "signoffbot.bypass.granted";
    public const string OpenIncidentReviews = "signoffbot.incident_reviews.open";
    public const string Deliveries = "signoffbot.outbox.deliveries";
    public const string DeliveryOutcomes = "signoffbot.outbox.delivery.outcomes";
    public const string AckDuration = "signoffbot.ack.duration";

    /// <summary>Review times run from minutes to weeks: buckets from one minute to thirty days, in seconds.</summary>
    private static readonly double[] ReviewBuckets =
        [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 259200, 432000, 604800, 1209600, 2592000];

    /// <summary>Acks: Slack wants one within 3 s, so the buckets are dense below it.</summary>
    private static readonly double[] AckBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

    private readonly Histogram<double> _leadTime;
    private readonly Histogram<double> _decisionTime;
    private readonly Counter<long> _deployChecks;
    private readonly Counter<long> _bypassesGranted;
    private readonly Counter<long> _deliveryOutcomes;
    private readonly Histogram<double> _ackDuration;

    public SignOffBotMetrics(IMeterFactory meters, OpenWork openWork, IOutboxStore outbox, IEnumerable<INoticeSender> senders)
    {
        var meter = meters.Create(MeterName);
        _leadTime = meter.CreateHistogram(LeadTime, "s", "Time from a review's request to its first answer (the final decision for category final).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ReviewBuckets });
        _decisionTime = meter.CreateHistogram(DecisionTime, "s", "Time from a sign-off's start (registration or reopening) to its final decision.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ReviewBuckets });
        _deployChecks = meter.CreateCounter<long>(DeployChecks, "{decision}", "Deploy-check answers given, by policy and decision.");
        _bypassesGranted = meter.CreateCounter<long>(BypassesGranted, "{bypass}", "Emergency bypasses granted.");
        _deliveryOutcomes = meter.CreateCounter<long>(DeliveryOutcomes, "{delivery}", "Delivery attempts by outcome: sent, retry, unreachable, dead.");
        _ackDuration = meter.CreateHistogram(AckDuration, "s", "Time to answer a chat platform's request (the ack), per endpoint.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AckBuckets });
        meter.CreateObservableGauge(OpenSlots, openWork.OpenSlots, "{slot}", "Review slots requested and not answered yet, by category and risk.");
        meter.CreateObservableGauge(OverdueSlots, openWork.OverdueSlots, "{slot}", "Open review slots past their overdue notice, by category and risk.");
        meter.CreateObservableGauge(OpenIncidentReviews, openWork.OpenIncidentReviews, "{review}", "Post-incident reviews of granted bypasses not closed yet.");
        meter.CreateObservableGauge(Deliveries, () => DeliveriesNow(outbox, senders), "{delivery}", "Deliveries in the outbox that have not gone out, by platform and state (waiting, unreachable, dead).");
    }

    public void RecordLeadTime(TimeSpan time, string category, string risk) =>
        _leadTime.Record(time.TotalSeconds, new("category", category), new("risk", risk));

    public void RecordDecisionTime(TimeSpan time, string risk, string decision) =>
        _decisionTime.Record(time.TotalSeconds, new("risk", risk), new("decision", decision));

    public void CountDeployCheck(string policy, string decision, string infrastructure) =>
        _deployChecks.Add(1, new("policy", policy), new("decision", decision), new("infrastructure", infrastructure));

    public void CountBypassGranted(string infrastructure) => _bypassesGranted.Add(1, new KeyValuePair<string, object?>("infrastructure", infrastructure));

    public void CountDeliveries(int count, string platform, string outcome, string kind) =>
        _deliveryOutcomes.Add(count, new("platform", platform), new("outcome", outcome), new("kind", kind));

    public void RecordAck(TimeSpan time, string endpoint) => _ackDuration.Record(time.TotalSeconds, new KeyValuePair<string, object?>("endpoint", endpoint));

    /// <summary>
    /// One read of the outbox's counts (through its status index) per collection, every platform and state from it; a
    /// platform that is on and has nothing waiting shows zeros rather than no series.
    /// </summary>
    private static IEnumerable<Measurement<long>> DeliveriesNow(IOutboxStore outbox, IEnumerable<INoticeSender> senders)
    {
        var counts = outbox.Counts();
        var platforms = counts.Platforms.Keys.Union(senders.Where(s => s.IsOn).Select(s => s.Platform), StringComparer.Ordinal);
        foreach (var platform in platforms)
        {
            var each = counts.Platforms.GetValueOrDefault(platform) ?? new PlatformOutboxCounts(0, 0, 0);
            yield return new(each.Waiting, new("platform", platform), new("state", OutboxStatus.Waiting));
            yield return new(each.Unreachable, new("platform", platform), new("state", OutboxStatus.Unreachable));
            yield return new(each.Dead, new("platform", platform), new("state", OutboxStatus.Dead));
        }
    }
}
