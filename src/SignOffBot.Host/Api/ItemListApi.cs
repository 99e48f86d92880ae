using System.Globalization;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Api;

/// <summary>
/// <c>GET /api/v1/items?project=&amp;state=&amp;owner=&amp;cursor=&amp;limit=</c>: items in the order of their keys, a
/// page at a time, for any valid key; a key limited to projects sees only those.
/// </summary>
public static class ItemListApi
{
    public const int MaxLimit = 100;

    public sealed record ItemListView(IReadOnlyList<ApiViews.ItemView> Items, string? Next);

    private static readonly string StateNames = string.Join(", ", Enum.GetValues<SignOffState>().Select(WireNames.Of));

    public static IResult List(
        string? project, string? state, string? owner, string? cursor, string? limit,
        HttpContext http, IGovernanceSource governance, ISignOffStore store)
    {
        var size = MaxLimit;
        if (Blank(limit) is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            return Problems.BadRequest($"limit is a whole number from 1 to {MaxLimit} ({MaxLimit} when left out), not '{limitText}'.");
        }

        SignOffState? wanted = null;
        if (Blank(state) is { } stateText)
        {
            if (!WireNames.TryParse(stateText, out SignOffState parsed))
            {
                return Problems.BadRequest($"state is one of {StateNames}; not '{stateText}'.");
            }

            wanted = parsed;
        }

        cursor = Blank(cursor);
        if (cursor is not null && !ItemCursor.TryRead(cursor, out _))
        {
            return Problems.BadRequest("cursor is not one this endpoint gave: pass the \"next\" of the page before as it came, or leave cursor out for the first page.");
        }

        project = Blank(project);
        if (project is not null)
        {
            if (ApiLimits.Project(http, project) is { } limited)
            {
                return limited;
            }

            if (governance.Current.FindProject(project) is not { } governed)
            {
                return Problems.Refused(Rules.UnknownProject(project));
            }

            project = governed.Key;
        }

        var query = new ItemQuery(project, wanted, Blank(owner)?.ToLowerInvariant(), cursor, size);
        var page = project is null && ApiCaller.Key(http).Projects is { } projects
            ? store.ListItemsIn(query, projects)
            : store.ListItems(query);
        return TypedResults.Ok(new ItemListView([.. page.Items.Select(ApiViews.Of)], page.Next));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
