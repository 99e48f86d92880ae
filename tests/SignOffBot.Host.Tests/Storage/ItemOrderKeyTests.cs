using LiteDB;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Tests.Storage;

/// <summary>Items are listed by their order key; a file written before items had one gets it when it is opened.</summary>
public sealed class ItemOrderKeyTests
{
    private static readonly string[] Keys =
        ["fraud-detection/Zeta@1", "fraud-detection/alpha@2", "fraud-detection/alpha@10", "fraud-detection/beta_1@1", "fraud-detection/beta-1@1"];

    [Fact]
    public void ItemsStoredWithoutAnOrderKey_GetOne_WhenTheFileIsOpened_AndAreListedInOrder()
    {
        using var bench = new StoreFixture();
        foreach (var key in Keys)
        {
            bench.Register(key, "dev@example.com");
        }

        bench.Close();
        using (var raw = bench.OpenRaw())
        {
            var items = raw.GetCollection(LiteDbSetup.Items);
            foreach (var doc in items.FindAll().ToList())
            {
                doc.Remove(LiteDbSetup.ItemOrder);
                items.Update(doc);
            }

            Assert.All(items.FindAll(), d => Assert.False(d.ContainsKey(LiteDbSetup.ItemOrder)));
        }

        bench.Open();

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = bench.Store.ListItems(new ItemQuery("fraud-detection", null, null, cursor, 2));
            seen.AddRange(page.Items.Select(i => i.Key.ToString()));
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(Keys.Order(StringComparer.Ordinal), seen);
        Assert.All(bench.Storage.ReadAll<BsonDocument>(LiteDbSetup.Items), d => Assert.Equal(d["_id"].AsString, System.Text.Encoding.UTF8.GetString(d[LiteDbSetup.ItemOrder].AsBinary)));
    }
}
