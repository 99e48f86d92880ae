using SignOffBot.Testing;
using SignOffBot.Core.Outcomes;
using LiteDB;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Configuration;
using SignOffBot.Host.Governance;
using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Tests.Storage;

/// <summary>
/// The real domain services over the real <see cref="LiteDbSignOffStore"/> on a LiteDB file in a temp folder,
/// with fake time. <see cref="Reopen"/> closes the file and opens it again, as a restart does.
/// </summary>
internal sealed class StoreFixture : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, 250, TimeSpan.Zero);

    private bool _open;

    public StoreFixture(GovernanceModel? governance = null, string? databasePath = null)
    {
        DatabasePath = databasePath ?? Path.Combine(TempFolder.Create(), "data", "signoff.db");
        Governance = governance ?? SampleGovernanceModel();
        Open();
    }

    public string DatabasePath { get; }

    public GovernanceModel Governance { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public LiteDbStorage Storage { get; private set; } = null!;

    public LiteDbSignOffStore Store => Storage.SignOffs;

    public ActionRunner Runner { get; private set; } = null!;

    public SignOffService SignOffs { get; private set; } = null!;

    public DeployService Deploys { get; private set; } = null!;

    /// <summary>The sample directory embedded in the host, exactly as the host uses it with no Governance section.</summary>
    public static GovernanceModel SampleGovernanceModel()
    {
        var (model, errors, fromSample) = ConfiguredGovernance.Load(new ConfigurationBuilder().Build());
        Assert.True(fromSample);
        return model ?? throw new InvalidOperationException(string.Join("\n", errors.All));
    }

    /// <summary>Validates <paramref name="options"/> with the host's builder; the test fails on any error.</summary>
    public static GovernanceModel Build(GovernanceOptions options)
    {
        var errors = new ConfigurationErrors();
        var model = GovernanceBuilder.Build(options, errors);
        Assert.True(model is not null, string.Join("\n", errors.All));
        return model;
    }

    public static ActionContext As(string person, string? deliveryId = null) => new(person, "slack", "slack", deliveryId);

    public static ItemKey Key(string text) => ItemKey.TryParse(text, out var key) ? key : throw new ArgumentException(text);

    public ActionResult<Item> Register(string key, string owner, RiskLevel risk = RiskLevel.Low, Evidence? evidence = null, string? deliveryId = null)
    {
        var result = SignOffs.Register(new RegisterItem(Key(key), ItemKind.Model, risk, evidence ?? Evidence.None), As(owner, deliveryId));
        Assert.True(result.Outcome.IsApplied, $"register {key}: {result.Outcome.Message}");
        return result;
    }

    public List<AuditEvent> Audit() => Storage.Audit.Trail().ToList();

    public AuditVerification Verify() => AuditChain.Verify(Storage.Audit.Trail());

    /// <summary>Closes the file and opens it again with new services over it.</summary>
    public void Reopen()
    {
        Close();
        Open();
    }

    public void Close()
    {
        if (_open)
        {
            Storage.Dispose();
            _open = false;
        }
    }

    public void Open()
    {
        Storage = LiteDbStorage.Open(DatabasePath);
        Runner = new ActionRunner(Storage.UnitOfWork, Time, Governance);
        SignOffs = new SignOffService(Governance, Store, Runner);
        Deploys = new DeployService(Governance, Runner, Time);
        _open = true;
    }

    /// <summary>Opens the closed file with a plain LiteDatabase, as someone tampering with it would.</summary>
    public LiteDatabase OpenRaw()
    {
        Assert.False(_open, "close the store before opening the file raw");
        return new LiteDatabase(new ConnectionString { Filename = DatabasePath, Connection = ConnectionType.Direct });
    }

    public void Dispose() => Close();

    /// <summary>A deep, order-preserving snapshot of anything, for before/after comparisons.</summary>
    public static string Snapshot(object? value) => System.Text.Json.JsonSerializer.Serialize(value);
}
