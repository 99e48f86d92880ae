using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Storage.Copy;
using SignOffBot.Host.StoreCopy;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.StoreCopy;

/// <summary>
/// <c>store copy</c> knows every collection a store file can hold: the store's own, and every set of records the
/// host's services open. (A file holding one it does not know is refused, see <see cref="StoreCopyRefusalTests"/>;
/// these tests find the forgotten one before a user does.)
/// </summary>
public sealed class StoreCopyCoverageTests
{
    [Fact]
    public void EveryCollectionOfTheEmbeddedStore_IsCopied()
    {
        var collections = typeof(LiteDbSetup).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != nameof(LiteDbSetup.ItemOrder))
            .Select(f => (string)f.GetRawConstantValue()!);

        Assert.Equal(collections.Order(StringComparer.Ordinal), LiteDbToPostgres.StoreCollections.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EverySetOfRecordsTheHostOpens_IsCopied()
    {
        var opened = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        IServiceCollection? registered = null;
        await using var app = new HostFixture();
        app.ExtraServices.Add(services =>
        {
            registered = services;
            var records = services.Last(d => d.ServiceType == typeof(IPlatformRecords));
            services.Remove(records);
            services.AddSingleton<IPlatformRecords>(sp => new RecordingRecords((IPlatformRecords)records.ImplementationFactory!(sp), opened));
        });

        // The readiness check writes its probe; every service made with the records opens its sets when it is made.
        await app.CreateClient().GetAsync("/healthz/ready");
        var users = registered!
            .Where(d => d.ImplementationType?.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(IPlatformRecords))) == true)
            .ToList();
        users.ForEach(d => app.Services.GetRequiredService(d.ServiceType));

        Assert.True(users.Count >= 5, $"only {users.Count} services take the records: the scan is broken");
        Assert.Equal(PlatformRecordSets.All.Select(s => s.Name).Order(StringComparer.Ordinal), opened.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>The host's records, noting the name of every set opened.</summary>
    private sealed class RecordingRecords(IPlatformRecords inner, ConcurrentDictionary<string, byte> opened) : IPlatformRecords
    {
        public IRecords<T> Set<T>(string name, params Expression<Func<T, object?>>[] indexes) where T : class
        {
            opened.TryAdd(name, 0);
            return inner.Set(name, indexes);
        }
    }
}
