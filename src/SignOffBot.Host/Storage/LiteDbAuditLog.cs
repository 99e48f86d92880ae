using LiteDB;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Storage;

/// <summary>The audit trail in the embedded store, read by page (it is appended inside store sessions).</summary>
public sealed class LiteDbAuditLog(LiteDbUnitOfWork unitOfWork) : IAuditLog
{
    private const int Page = 500;
    private readonly ILiteCollection<AuditDocument> _audit = unitOfWork.Database.GetCollection<AuditDocument>(LiteDbSetup.Audit);

    public IReadOnlyList<AuditEvent> Of(ItemKey item) => _audit
        .Find(d => d.Item == item.ToString())
        .OrderBy(d => d.Id)
        .Select(DocumentMapping.ToDomain)
        .ToList();

    public AuditEvent? Head() =>
        _audit.Find(Query.All(Query.Descending), 0, 1).FirstOrDefault() is { } doc ? DocumentMapping.ToDomain(doc) : null;

    public IEnumerable<AuditEvent> Trail()
    {
        long after = 0;
        while (true)
        {
            var page = _audit.Find(LiteDbQuery.Gt("_id", after), 0, Page).ToList();
            foreach (var doc in page)
            {
                yield return DocumentMapping.ToDomain(doc);
            }

            if (page.Count < Page)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }
}
