using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Tests.Storage.Contract;

/// <summary>
/// Listing items: filters (project and owner ignoring case), pages in the ordinal order of the keys, and a cursor that
/// neither misses nor repeats an item while items are added between pages, also after a reopen.
/// </summary>
public abstract partial class SignOffStoreContract
{
    // Ordinal order differs from a case-insensitive one here: 'B' < '_' < 'a' < 'b', '-' < '.' < '@'.
    private static readonly string[] NamePrefixes = ["A", "b", "C_", "c-", "d.", "D"];

    [Fact]
    public void ListItems_FiltersByProjectStateAndOwner_ProjectAndOwnerIgnoringCase()
    {
        Insert(
            Listed("fraud-detection/b@1", owner: "ana@example.com"),
            Listed("fraud-detection/B-2@1", state: SignOffState.Approved),
            Listed("fraud-detection/a_1@1", state: SignOffState.FeedbackRequested),
            Listed("FRAUD-DETECTION/z@1", owner: "ana@example.com"),
            Listed("fraud-detection-eu/a@1"),
            Listed("fraud-detection.old/a@1"),
            Listed("credit-scoring/pd@1", owner: "ana@example.com", state: SignOffState.Approved));

        Assert.Equal(
            ["FRAUD-DETECTION/z@1", "fraud-detection/B-2@1", "fraud-detection/a_1@1", "fraud-detection/b@1"],
            Listed(new ItemQuery("Fraud-Detection", null, null, null, 100)));
        Assert.Equal(["credit-scoring/pd@1", "fraud-detection/B-2@1"], Listed(new ItemQuery(null, SignOffState.Approved, null, null, 100)));
        Assert.Equal(["FRAUD-DETECTION/z@1", "fraud-detection/b@1"], Listed(new ItemQuery("fraud-detection", null, "Ana@Example.com", null, 100)));
        Assert.Equal(["fraud-detection/a_1@1"], Listed(new ItemQuery("fraud-detection", SignOffState.FeedbackRequested, null, null, 100)));
        Assert.Equal(["fraud-detection-eu/a@1"], Listed(new ItemQuery("fraud-detection-eu", null, null, null, 100)));
        Assert.Empty(Listed(new ItemQuery("fraud", null, null, null, 100)));
        Assert.Empty(Listed(new ItemQuery("credit-scoring", SignOffState.Rejected, null, null, 100)));
        Assert.Equal(7, Listed(new ItemQuery(null, null, null, null, 100)).Count);

        // A cursor taken elsewhere still means "after this key": before the project, past it.
        Assert.Equal(["credit-scoring/pd@1"], Listed(new ItemQuery("credit-scoring", null, null, ItemCursor.Of(Key("aaa/x@1")), 100)));
        Assert.Empty(Listed(new ItemQuery("credit-scoring", null, null, ItemCursor.Of(Key("fraud-detection/b@1")), 100)));
        Assert.Equal(["fraud-detection/b@1"], Listed(new ItemQuery("fraud-detection", null, null, ItemCursor.Of(Key("fraud-detection/a_1@1")), 100)));
    }

    [Fact]
    public void ListItems_Pages250ItemsBy100_InOrdinalKeyOrder_WithoutMissingOrRepeating()
    {
        var keys = Many(250);
        Insert([.. keys.Select(k => Listed(k))]);

        var (seen, pages) = ListAll(new ItemQuery(null, null, null, null, 100));

        Assert.Equal(keys.Order(StringComparer.Ordinal), seen);
        Assert.Equal([100, 100, 50], pages);
    }

    [Fact]
    public void ListItems_AFullLastPage_HasNoNext()
    {
        Insert([.. Many(200).Select(k => Listed(k))]);

        var (seen, pages) = ListAll(new ItemQuery("fraud-detection", null, null, null, 100));

        Assert.Equal(200, seen.Distinct().Count());
        Assert.Equal([100, 100], pages);
    }

    [Fact]
    public void ListItems_TheCursorHoldsItsPlace_WhenItemsAreAddedBetweenPages_AndAcrossAReopen()
    {
        var keys = Many(250);
        Insert([.. keys.Select(k => Listed(k))]);
        var first = Ports.SignOffs.ListItems(new ItemQuery(null, null, null, null, 100));
        var last = first.Items[^1].Key;

        // One key just before the cursor (not listed any more: the pages have passed it) and one just after it.
        var before = (last with { Version = "0" }).ToString();
        var after = $"{last}0";
        Insert(Listed(before), Listed(after));
        Ports = Reopen();
        var (rest, pages) = ListAll(new ItemQuery(null, null, null, first.Next, 100));

        var seen = first.Items.Select(i => i.Key.ToString()).Concat(rest).ToList();
        Assert.Equal(keys.Append(after).Order(StringComparer.Ordinal), seen);
        Assert.DoesNotContain(before, seen);
        Assert.Equal([100, 51], pages);
    }

    [Fact]
    public void ListItems_RefusesACursorNoPageGave()
    {
        Insert(Listed("fraud-detection/a@1"));

        Assert.Throws<ArgumentException>(() => Ports.SignOffs.ListItems(new ItemQuery(null, null, null, "fraud-detection/a@1", 100)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ports.SignOffs.ListItems(new ItemQuery(null, null, null, null, 0)));
    }

    /// <summary>Keys of fraud-detection whose ordinal order is not their case-insensitive order.</summary>
    private static List<string> Many(int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"fraud-detection/{NamePrefixes[i % NamePrefixes.Length]}{i / NamePrefixes.Length}@{(i % 3 == 0 ? "10" : "2")}")];

    private (List<string> Keys, List<int> Pages) ListAll(ItemQuery query)
    {
        var keys = new List<string>();
        var pages = new List<int>();
        for (var cursor = query.After; ; )
        {
            var page = Ports.SignOffs.ListItems(query with { After = cursor });
            keys.AddRange(page.Items.Select(i => i.Key.ToString()));
            pages.Add(page.Items.Count);
            if (page.Next is null)
            {
                return (keys, pages);
            }

            Assert.True(pages.Count < 100, "paging ends");
            cursor = page.Next;
        }
    }

    private List<string> Listed(ItemQuery query) => [.. Ports.SignOffs.ListItems(query).Items.Select(i => i.Key.ToString())];

    private void Insert(params Item[] items) => Ports.UnitOfWork.Transact(session =>
    {
        foreach (var item in items)
        {
            session.InsertItem(item);
        }

        return 0;
    });

    /// <summary>An item stored as it is given (any project, owner and state): the store lists, it does not judge.</summary>
    private Item Listed(string key, string owner = "dev@example.com", SignOffState state = SignOffState.NotStarted)
    {
        var item = TestItem("fraud-detection/template@1");
        return item with { Key = Key(key), Owner = owner, SignOff = item.SignOff with { State = state } };
    }
}
