using SignOffBot.Core.Conversations;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Host.Slack.BlockKit;

namespace SignOffBot.Host.Slack;

/// <summary>Draws the core's views as Block Kit messages: an item's sign-off for one viewer (or shared), a bypass.</summary>
public sealed class SlackCards(IGovernanceSource governance, TimeProvider time)
{
    public SlackMessage For(Item item, string? viewer) => SignOffBlocks.Message(SignOffViews.For(item, governance.Current, viewer));

    public SlackMessage For(Bypass bypass)
    {
        var directory = governance.Current;
        var onCall = string.Join(", ", directory.FindProject(bypass.Item.Project)?.OnCallApprovers.Select(directory.Describe) ?? []);
        return BypassBlocks.Message(bypass, directory.DisplayName(bypass.RequestedBy), onCall, time.GetUtcNow());
    }
}
