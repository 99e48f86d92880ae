using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Host.AdaptiveCards;

namespace SignOffBot.Host.Playground;

/// <summary>
/// Draws the core's views as the Adaptive Cards the page renders: an item's sign-off for one viewer (or shared), a
/// bypass. The page is one person's, so no card names other people's Teams users to refresh.
/// </summary>
public sealed class PlaygroundCards(IGovernanceSource governance, TimeProvider time)
{
    public JsonObject For(Item item, string? viewer) => SignOffCard.Build(SignOffViews.For(item, governance.Current, viewer), []);

    public JsonObject For(Bypass bypass) => BypassCard.For(bypass, governance.Current, time.GetUtcNow());
}
