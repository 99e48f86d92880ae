using System.Diagnostics;

namespace SignOffBot.Host.Telemetry;

/// <summary>
/// The host's spans, under the activity source <see cref="SourceName"/>: an action (<c>signoffbot.action</c>, with the
/// item key in <see cref="Item"/>), the group commit that carried it (<c>signoffbot.commit</c>) and each delivery of
/// what it queued (<c>signoffbot.delivery.send</c>, parented by the commit through the trace context stored with the
/// notice). With no exporter configured nothing listens and no span is made.
/// </summary>
public static class SignOffBotTrace
{
    public const string SourceName = "SignOffBot";

    public const string ActionSpan = "signoffbot.action";
    public const string CommitSpan = "signoffbot.commit";
    public const string SendSpan = "signoffbot.delivery.send";

    public const string Item = "signoffbot.item";
    public const string Action = "signoffbot.action";
    public const string Outcome = "signoffbot.outcome";
    public const string Rule = "signoffbot.rule";
    public const string Platform = "signoffbot.platform";
    public const string Source = "signoffbot.source";
    public const string CommitUnits = "signoffbot.commit.units";
    public const string DeliveryId = "signoffbot.delivery.id";
    public const string DeliveryKind = "signoffbot.delivery.kind";
    public const string DeliveryAttempt = "signoffbot.delivery.attempt";
    public const string DeliveryOutcome = "signoffbot.delivery.outcome";
    public const string DeliveryCount = "signoffbot.delivery.count";

    public static readonly ActivitySource Spans = new(SourceName);

    /// <summary>The W3C <c>traceparent</c> of the current span, to be stored with what it queues; null without one.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true } current ? current.Id : null;

    /// <summary>The span context a stored <c>traceparent</c> names, or default when there is none (or it does not read).</summary>
    public static ActivityContext ContextOf(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: false, out var context) ? context : default;
}
