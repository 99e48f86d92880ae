using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Tests.Builders;
using SignOffBot.Core.Tests.Fakes;
using static SignOffBot.Core.Tests.Builders.TestGovernance;

namespace SignOffBot.Core.Tests.Ports;

/// <summary>
/// Item pages of the test store (the host's store passes the same in its contract suite), and pages over several
/// projects (a key limited to them), merged without missing or repeating an item.
/// </summary>
public sealed class ItemListingTests
{
    [Fact]
    public void ListItems_IsInOrdinalKeyOrder_AndFiltersByProjectStateAndOwner_IgnoringCase()
    {
        var store = With(
            At("fraud-detection", "b", owner: Ana),
            At("fraud-detection", "B", state: SignOffState.Approved),
            At("fraud-detection", "a_1"),
            At("FRAUD-DETECTION", "z"),
            At("fraud-detection-eu", "a"),
            At("credit-scoring", "pd", owner: Ana, state: SignOffState.Approved));

        Assert.Equal(
            ["FRAUD-DETECTION/z@1", "credit-scoring/pd@1", "fraud-detection-eu/a@1", "fraud-detection/B@1", "fraud-detection/a_1@1", "fraud-detection/b@1"],
            Keys(store.ListItems(Query())));
        Assert.Equal(["FRAUD-DETECTION/z@1", "fraud-detection/B@1", "fraud-detection/a_1@1", "fraud-detection/b@1"], Keys(store.ListItems(Query("Fraud-Detection"))));
        Assert.Equal(["credit-scoring/pd@1", "fraud-detection/B@1"], Keys(store.ListItems(Query(state: SignOffState.Approved))));
        Assert.Equal(["fraud-detection/b@1"], Keys(store.ListItems(Query("fraud-detection", owner: "ANA@example.com"))));
        Assert.Empty(store.ListItems(Query("weather")).Items);
    }

    [Fact]
    public void ListItems_PagesByCursor_AndTheLastPageHasNoNext()
    {
        var store = With([.. Enumerable.Range(0, 25).Select(i => At("fraud-detection", $"m{i:D2}"))]);

        var first = store.ListItems(Query(limit: 10));
        var second = store.ListItems(Query(after: first.Next, limit: 10));
        var last = store.ListItems(Query(after: second.Next, limit: 10));
        var full = store.ListItems(Query(limit: 25));

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"fraud-detection/m{i:D2}@1"), [.. Keys(first), .. Keys(second), .. Keys(last)]);
        Assert.Equal(ItemCursor.Of(first.Items[^1].Key), first.Next);
        Assert.Null(last.Next);
        Assert.Null(full.Next);
    }

    [Fact]
    public void ListItemsIn_MergesEveryProjectInKeyOrder_PageByPage_WithoutMissingOrRepeating()
    {
        var store = With([.. new[] { "credit-scoring", "fraud-detection", "recommendations", "weather" }
            .SelectMany(p => Enumerable.Range(0, 7).Select(i => At(p, $"m{i}")))]);
        string[] projects = ["recommendations", "Credit-Scoring", "credit-scoring"];

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = store.ListItemsIn(Query(after: cursor, limit: 3), projects);
            seen.AddRange(Keys(page));
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null);

        var expected = store.ListItems(Query(limit: 100)).Items.Select(i => i.Key.ToString())
            .Where(k => k.StartsWith("credit-scoring/", StringComparison.Ordinal) || k.StartsWith("recommendations/", StringComparison.Ordinal));
        Assert.Equal(expected, seen);
        Assert.Equal(5, pages);
    }

    [Fact]
    public void ListItemsIn_AFullLastPage_StillSaysThereIsMore_OnlyWhenThereIs()
    {
        var store = With(At("credit-scoring", "a"), At("credit-scoring", "b"), At("recommendations", "c"));

        var full = store.ListItemsIn(Query(limit: 2), ["credit-scoring", "recommendations"]);
        var exact = store.ListItemsIn(Query(limit: 3), ["credit-scoring", "recommendations"]);

        Assert.Equal(["credit-scoring/a@1", "credit-scoring/b@1"], Keys(full));
        Assert.NotNull(full.Next);
        Assert.Equal(["recommendations/c@1"], Keys(store.ListItemsIn(Query(after: full.Next, limit: 2), ["credit-scoring", "recommendations"])));
        Assert.Null(exact.Next);
    }

    private static ItemQuery Query(string? project = null, SignOffState? state = null, string? owner = null, string? after = null, int limit = 100) =>
        new(project, state, owner, after, limit);

    private static IReadOnlyList<string> Keys(ItemPage page) => [.. page.Items.Select(i => i.Key.ToString())];

    private static InMemorySignOffStore With(params Item[] items)
    {
        var store = new InMemorySignOffStore();
        store.Transact(session =>
        {
            foreach (var item in items)
            {
                session.InsertItem(item);
            }

            return 0;
        });
        return store;
    }

    private static Item At(string project, string name, string owner = Dev, SignOffState state = SignOffState.NotStarted)
    {
        var item = TestItems.Registered();
        return item with { Key = new ItemKey(project, name, "1"), Owner = owner, SignOff = item.SignOff with { State = state } };
    }
}
