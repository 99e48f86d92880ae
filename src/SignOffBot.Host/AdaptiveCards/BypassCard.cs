using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>
/// The card asking the on-call approvers to grant or deny an emergency bypass. Grant and Deny are shown while the
/// bypass is pending; a decided bypass shows the decision and no buttons, so no stale button remains, and a granted one
/// drawn after its time shows it expired.
/// </summary>
public static class BypassCard
{
    /// <summary>The key of the bypass id in the buttons' data.</summary>
    public const string BypassKey = "bypass";

    /// <summary>The card with the requester and the project's on-call approvers named from the directory.</summary>
    public static JsonObject For(Bypass bypass, GovernanceModel directory, DateTimeOffset now)
    {
        var onCall = directory.FindProject(bypass.Item.Project)?.OnCallApprovers.Select(directory.Describe) ?? [];
        return Build(bypass, directory.DisplayName(bypass.RequestedBy), string.Join(", ", onCall), now);
    }

    public static JsonObject Build(Bypass bypass, string requesterName, string onCallNames, DateTimeOffset now)
    {
        var facts = new List<Fact>
        {
            new("Infrastructure", bypass.Infrastructure),
            new("Incident", bypass.Incident),
            new("Duration", $"{bypass.Hours} h"),
            new("Requested by", requesterName),
            new("On call", onCallNames),
            new("Status", bypass.StatusAt(now)),
        };
        if (bypass.DecidedBy is { } decidedBy)
        {
            facts.Add(new Fact("Decided by", decidedBy));
        }

        // The times go in TextBlocks, where the client shows them in its reader's time (facts cannot).
        var times = new List<string> { $"Requested at {ReaderTime.Mark(bypass.RequestedAt)}" };
        if (bypass.DecidedAt is { } at)
        {
            times.Add($"{(bypass.Status == BypassStatus.Denied ? "Denied" : "Granted")} at {ReaderTime.Mark(at)}");
        }

        if (bypass.ExpiresAt is { } expires)
        {
            times.Add($"{(expires <= now ? "Expired" : "Expires")} at {ReaderTime.Mark(expires)}");
        }

        var body = new List<CardElement>
        {
            new TextBlock($"Emergency bypass: {bypass.Item}") { Style = "heading", Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock($"{requesterName} asks to deploy {bypass.Item} to {bypass.Infrastructure} without a completed sign-off, for at most {bypass.Hours} h.")
            {
                Wrap = true,
            },
            new FactSet(facts),
        };
        body.AddRange(times.Select((line, i) => new TextBlock(line) { Wrap = true, IsSubtle = true, Spacing = i == 0 ? Spacing.Medium : Spacing.None }));

        if (bypass.Status == BypassStatus.Pending)
        {
            body.Add(new ActionSet([Button(ReviewVerb.BypassGrant, bypass.Id), Button(ReviewVerb.BypassDeny, bypass.Id)]));
        }

        return CardJson.ToJsonObject(new AdaptiveCard(body));
    }

    private static ExecuteAction Button(ReviewVerb verb, string bypassId) =>
        new(ReviewVerbs.Title(verb), ReviewVerbs.Name(verb), new JsonObject { [BypassKey] = bypassId })
        {
            AssociatedInputs = AdaptiveCards.AssociatedInputs.None,
        };
}
