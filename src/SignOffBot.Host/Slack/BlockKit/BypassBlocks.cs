using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.Slack.BlockKit;

/// <summary>
/// The message asking the on-call approvers to grant or deny an emergency bypass (SPEC section 3). Grant
/// (primary) and Deny (danger) are shown while the bypass is pending, with <c>action_id</c>
/// <c>bypass.grant</c> / <c>bypass.deny</c> and value <c>{"bypass": id}</c>; a decided bypass shows the decision and
/// no buttons, so no stale button remains after <c>chat.update</c>; a granted one drawn after its time shows it expired.
/// </summary>
public static class BypassBlocks
{
    public static SlackMessage Message(Bypass bypass, string requesterName, string onCallNames, DateTimeOffset now)
    {
        var status = bypass.StatusAt(now);
        var fields = new List<SlackMrkdwn>
        {
            Field("Infrastructure", bypass.Infrastructure),
            Field("Incident", bypass.Incident),
            Field("Duration", $"{bypass.Hours} h"),
            Field("Requested by", requesterName),
            Field("Requested at", ReaderTime.Mark(bypass.RequestedAt)),
            Field("On call", onCallNames),
            Field("Status", status),
        };
        if (bypass.DecidedBy is { } decidedBy)
        {
            fields.Add(Field("Decided by", bypass.DecidedAt is { } at ? $"{decidedBy}, {ReaderTime.Mark(at)}" : decidedBy));
        }

        if (bypass.ExpiresAt is { } expires)
        {
            fields.Add(Field(expires <= now ? "Expired" : "Expires", ReaderTime.Mark(expires)));
        }

        var ask = $"{requesterName} asks to deploy {bypass.Item} to {bypass.Infrastructure} without a completed sign-off, for at most {bypass.Hours} h.";
        var blocks = new List<RoleBlock>
        {
            new(SlackActionIds.Roles.Header, Blocks.Header($"Emergency bypass: {bypass.Item}")),
            new(SlackActionIds.Roles.Summary, Blocks.Section(Blocks.Mrkdwn(SlackMrkdwn.Plain(ask, BlockKitLimits.SectionText), verbatim: true))),
            new(SlackActionIds.Roles.Facts, Blocks.Fields(fields)),
        };

        if (bypass.Status == BypassStatus.Pending)
        {
            blocks.Add(new(SlackActionIds.Roles.Actions(0), Blocks.Actions(
            [
                Button(ReviewVerb.BypassGrant, ButtonStyle.Primary, bypass),
                Button(ReviewVerb.BypassDeny, ButtonStyle.Danger, bypass),
            ])));
        }
        else
        {
            var decided = status == "expired"
                ? $"Granted{By(bypass)}; expired {ReaderTime.Mark(bypass.ExpiresAt!.Value)}, deploy-check follows the sign-off again."
                : bypass.Status == BypassStatus.Granted
                ? $"Granted{By(bypass)}{(bypass.ExpiresAt is { } until ? $"; deploy-check allows {bypass.Item} on {bypass.Infrastructure} until {ReaderTime.Mark(until)}" : "")}."
                : $"Denied{By(bypass)}.";
            blocks.Add(new(SlackActionIds.Roles.Decision, Blocks.Context(Blocks.Mrkdwn(SlackMrkdwn.Plain(decided, BlockKitLimits.Text), verbatim: true))));
        }

        var text = $"Emergency bypass for {bypass.Item} on {bypass.Infrastructure} (incident {bypass.Incident}, {bypass.Hours} h) requested by {requesterName}: {status}.";
        return SignOffBlocks.Finish(SlackActionIds.BypassMessage, SlackMrkdwn.Plain(text, SignOffBlocks.FallbackChars), blocks);
    }

    private static string By(Bypass bypass) => bypass.DecidedBy is { } by ? $" by {by}" : "";

    private static SlackMrkdwn Field(string label, string value) =>
        SlackMrkdwn.FromEscaped($"*{SlackText.Escape(label)}*\n{SlackText.EscapeAndCut(value, BlockKitLimits.SectionFieldText - label.Length - 10)}");

    private static JsonObject Button(ReviewVerb verb, ButtonStyle style, Bypass bypass) => Blocks.Button(
        ReviewVerbs.Title(verb),
        SlackActionIds.ActionId(verb),
        SlackActionIds.BypassValue(bypass.Id),
        style,
        $"{ReviewVerbs.Title(verb)} the bypass for {bypass.Item}");
}
