using LiteDB;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Storage;

/// <summary>The sign-offs (items, bypasses, confirmations) in the embedded store; every write is a unit of <see cref="LiteDbUnitOfWork"/>.</summary>
public sealed class LiteDbSignOffStore(LiteDbUnitOfWork unitOfWork) : ISignOffStore
{
    private const string OrderField = "$." + LiteDbSetup.ItemOrder;

    private readonly LiteDatabase _db = unitOfWork.Database;

    public event Action<IReadOnlyCollection<ItemKey>>? ItemsChanged
    {
        add => unitOfWork.ItemsChanged += value;
        remove => unitOfWork.ItemsChanged -= value;
    }

    public Item? FindItem(ItemKey key) =>
        _db.GetCollection<ItemDocument>(LiteDbSetup.Items).FindById(key.ToString()) is { } doc ? DocumentMapping.ToDomain(doc) : null;

    public Bypass? FindBypass(string id) =>
        _db.GetCollection<BypassDocument>(LiteDbSetup.Bypasses).FindById(id) is { } doc ? DocumentMapping.ToDomain(doc) : null;

    public IEnumerable<Item> OpenItems() =>
        _db.GetCollection<ItemDocument>(LiteDbSetup.Items).Find(d => d.Open).Select(DocumentMapping.ToDomain);

    /// <summary>Granted bypasses whose post-incident review is open (bypasses are few: emergencies only).</summary>
    public IEnumerable<Bypass> OpenIncidentReviews() =>
        _db.GetCollection<BypassDocument>(LiteDbSetup.Bypasses)
            .Find(d => d.Status == nameof(BypassStatus.Granted))
            .Select(DocumentMapping.ToDomain)
            .Where(b => b.Review is { IsOpen: true });

    public ItemPage ListItems(ItemQuery query)
    {
        var after = query.AfterKey();
        if (query.Project is { } project && !ItemKey.IsValidSegment(project))
        {
            return new ItemPage([], null);
        }

        var items = _db.GetCollection<ItemDocument>(LiteDbSetup.Items).Query();
        var (from, to) = OrderRange(after, query.Project);
        if (from is not null)
        {
            items = items.Where(to is null ? LiteDbQuery.Gte(LiteDbSetup.ItemOrder, from) : LiteDbQuery.Between(LiteDbSetup.ItemOrder, from, to));
        }

        if (query.Project is not null)
        {
            items = items.Where("$.Project = @0", query.Project);
        }

        if (query.State is { } state)
        {
            items = items.Where("$.State = @0", WireNames.Of(state));
        }

        if (query.Owner is not null)
        {
            items = items.Where("$.Owner = @0", query.Owner);
        }

        var found = items.OrderBy(OrderField).Limit(Math.Min(query.Limit, int.MaxValue - 1) + 1).ToEnumerable().Select(DocumentMapping.ToDomain).ToList();
        return ItemPage.Of(found, query.Limit);
    }

    public bool IsReady()
    {
        try
        {
            _ = _db.GetCollection<AuditDocument>(LiteDbSetup.Audit).Find(Query.All(), 0, 1).Any();
            return true;
        }
        catch (LiteException)
        {
            return false;
        }
    }

    /// <summary>
    /// The smallest and largest order keys (both included) a page can hold, so the scan of the order index starts after
    /// the cursor and ends past the project. A project's keys start with its name in some mix of cases and '/', all
    /// between its upper-case name + '/' and its lower-case name + '0' (the character after '/'); other keys in that
    /// span are dropped by the project filter. Keys are ASCII, so upper and lower case are one byte each.
    /// </summary>
    private static (byte[]? From, byte[]? To) OrderRange(string? after, string? project)
    {
        // The first key after the cursor: the cursor's key followed by the smallest byte.
        var from = after is null ? null : ItemDocument.OrderKeyOf(after + "\0");
        if (project is null)
        {
            return (from, null);
        }

        var start = ItemDocument.OrderKeyOf(project.ToUpperInvariant() + "/");
        if (from is null || from.AsSpan().SequenceCompareTo(start) < 0)
        {
            from = start;
        }

        return (from, ItemDocument.OrderKeyOf(project.ToLowerInvariant() + "0"));
    }
}
