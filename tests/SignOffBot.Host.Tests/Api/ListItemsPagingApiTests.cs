using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary><c>GET /api/v1/items</c> pages by cursor: 100 items a page unless told, nothing missed or repeated.</summary>
public sealed class ListItemsPagingApiTests
{
    private static readonly string[] Projects = ["fraud-detection", "credit-scoring", "recommendations"];

    // Mixed case and punctuation, so the ordinal order of the keys is not their case-insensitive order.
    private static readonly string[] NamePrefixes = ["Churn", "churn_", "churn-", "Pd.", "pd", "ranker"];

    [Fact]
    public async Task List_Pages1000ItemsBy100_InKeyOrder_WithoutMissingOrRepeating()
    {
        await using var app = new HostFixture();
        var registered = Register(app, 1000);
        var client = app.CreateClient(HostFixture.AuditOnlyKey);

        var seen = new List<string>();
        var pages = new List<int>();
        var url = "/api/v1/items";
        while (true)
        {
            var page = await AssertOkAsync(await client.GetAsync(url));
            var items = page["items"]!.AsArray();
            pages.Add(items.Count);
            seen.AddRange(items.Select(i => (string)i!["key"]!));
            if ((string?)page["next"] is not { } next)
            {
                break;
            }

            Assert.True(pages.Count <= 10, "a page past the last item");
            url = $"/api/v1/items?cursor={Uri.EscapeDataString(next)}";
        }

        Assert.Equal(Enumerable.Repeat(100, 10), pages);
        Assert.Equal(registered.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task List_AProjectPagedByASmallLimit_HoldsItsPlace_WhenAnItemIsRegisteredBetweenPages()
    {
        await using var app = new HostFixture();
        var registered = Register(app, 60).Where(k => k.StartsWith("fraud-detection/", StringComparison.Ordinal)).ToList();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        var first = await AssertOkAsync(await client.GetAsync("/api/v1/items?project=fraud-detection&limit=7"));
        var firstKeys = first["items"]!.AsArray().Select(i => (string)i!["key"]!).ToList();
        // Sorts before every key listed so far ('A' < 'C'): the pages have passed it. And one after all of them.
        await ApiJson.RegisterAsync(client, "fraud-detection", "A", "1", "dev@example.com");
        await ApiJson.RegisterAsync(client, "fraud-detection", "zz", "1", "dev@example.com");
        var seen = new List<string>(firstKeys);
        for (var next = (string?)first["next"]; next is not null;)
        {
            var page = await AssertOkAsync(await client.GetAsync($"/api/v1/items?project=fraud-detection&limit=7&cursor={next}"));
            seen.AddRange(page["items"]!.AsArray().Select(i => (string)i!["key"]!));
            next = (string?)page["next"];
        }

        Assert.Equal(registered.Append("fraud-detection/zz@1").Order(StringComparer.Ordinal), seen);
    }

    /// <summary>Registers <paramref name="count"/> items across the sample projects in one unit of work, and returns their keys.</summary>
    private static List<string> Register(HostFixture app, int count)
    {
        var governance = app.Services.GetRequiredService<IGovernanceSource>().Current;
        var items = Enumerable.Range(0, count).Select(i =>
        {
            var key = new ItemKey(Projects[i % Projects.Length], $"{NamePrefixes[i % NamePrefixes.Length]}{i / 7}", (i % 4 == 0 ? "10" : "2") + "." + i);
            var (outcome, item) = Item.Register(governance, "dev@example.com", key, ItemKind.Model, RiskLevel.Low, Evidence.None, app.Time.GetUtcNow());
            Assert.True(outcome.IsApplied, outcome.Message);
            return item!;
        }).ToList();
        app.Services.GetRequiredService<IUnitOfWork>().Transact(session =>
        {
            items.ForEach(session.InsertItem);
            return 0;
        });
        return [.. items.Select(i => i.Key.ToString())];
    }
}
