using System.Diagnostics;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Telemetry;

/// <summary>
/// The host's watch on every domain action (<see cref="IActionObserver"/>): a <c>signoffbot.action</c> span around it,
/// and once it committed, one log line for an accepted action, the metrics it is a fact for (<see cref="ActionFacts"/>)
/// and the open work it changed. A repeated delivery, answered from its record, changed nothing and records nothing.
/// </summary>
public sealed partial class ActionTelemetry(SignOffBotMetrics metrics, OpenWork openWork, ILogger<ActionTelemetry> log) : IActionObserver
{
    public IActionObservation Begin(ActionContext context)
    {
        var span = SignOffBotTrace.Spans.StartActivity(SignOffBotTrace.ActionSpan);
        span?.SetTag(SignOffBotTrace.Platform, context.Platform);
        span?.SetTag(SignOffBotTrace.Source, context.Source);
        return new Observation(this, context, span);
    }

    private void Committed<T>(ActionContext context, ActionResult<T> result, Activity? span)
    {
        var applied = result.Outcome as Outcome.Applied;
        var domainEvent = applied?.Events.FirstOrDefault();
        if (span is not null)
        {
            span.SetTag(SignOffBotTrace.Item, domainEvent?.Item ?? KeyOf(result.Value));
            span.SetTag(SignOffBotTrace.Action, domainEvent?.Action);
            span.SetTag(SignOffBotTrace.Outcome, result.Repeated ? "repeated" : OutcomeName(result.Outcome));
            span.SetTag(SignOffBotTrace.Rule, (result.Outcome as Outcome.Refused)?.Violation.Rule);
        }

        if (result.Repeated || applied is null || domainEvent is null)
        {
            return;
        }

        LogAccepted(domainEvent.Action, domainEvent.Item ?? "", context.Platform);
        ActionFacts.Record(metrics, domainEvent, result.Value);
        switch (result.Value)
        {
            case Item item:
                openWork.Changed(item);
                break;
            case Bypass bypass:
                openWork.Changed(bypass);
                break;
        }
    }

    private static string? KeyOf(object? value) => value switch
    {
        Item item => item.Key.ToString(),
        DeployAnswer answer => answer.Item.ToString(),
        Bypass bypass => bypass.Item.ToString(),
        _ => null,
    };

    private static string OutcomeName(Outcome outcome) => outcome switch
    {
        Outcome.Applied => "applied",
        Outcome.Unchanged => "unchanged",
        _ => "refused",
    };

    // Never the comment or the actor: what was done, to what, from which platform.
    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "Action {Action} on {Item} accepted from {Platform}")]
    private partial void LogAccepted(string action, string item, string platform);

    private sealed class Observation(ActionTelemetry telemetry, ActionContext context, Activity? span) : IActionObservation
    {
        private bool _committed;

        public void Committed<T>(ActionResult<T> result)
        {
            _committed = true;
            telemetry.Committed(context, result, span);
        }

        public void Dispose()
        {
            if (!_committed)
            {
                span?.SetStatus(ActivityStatusCode.Error, "the action's unit of work failed");
            }

            span?.Dispose();
        }
    }
}
