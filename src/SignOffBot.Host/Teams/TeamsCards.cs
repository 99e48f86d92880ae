using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Host.AdaptiveCards;
using SignOffBot.Host.Teams.Conversations;

namespace SignOffBot.Host.Teams;

/// <summary>
/// Draws the core's views as Adaptive Cards for Teams: a bypass, or an item's card for one person (a 1:1 chat, an invoke answer) or shared (a channel), with
/// <c>refresh.userIds</c> naming the Teams users who have buttons on it, so each sees their own.
/// </summary>
public sealed class TeamsCards(IGovernanceSource governance, TeamsConversations conversations, TimeProvider time)
{
    public JsonObject For(Item item, string? viewer)
    {
        var directory = governance.Current;
        var view = SignOffViews.For(item, directory, viewer);
        var refresh = viewer is not null
            ? UserIds([viewer])
            : UserIds(directory.People.Where(p => SignOffViews.For(item, directory, p.Id).Actions.Count > 0).Select(p => p.Id));
        return SignOffCard.Build(view, refresh);
    }

    public JsonObject For(Bypass bypass) => BypassCard.For(bypass, governance.Current, time.GetUtcNow());

    private List<string> UserIds(IEnumerable<string> people) =>
        people.Select(conversations.RefreshUserId).OfType<string>().Take(60).ToList();
}
