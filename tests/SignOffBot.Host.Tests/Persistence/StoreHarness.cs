using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Governance;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Persistence;

/// <summary>
/// The domain services over a real LiteDB file, opened the way the host opens it, with the sample governance.
/// Dispose it to close the file; open a new harness on the same path to read it back.
/// </summary>
internal sealed class StoreHarness : IDisposable
{
    public static readonly ItemKey Churn7 = new("fraud-detection", "churn-xgb", "7");

    private static readonly Lazy<GovernanceModel> SampleModel = new(() =>
        ConfiguredGovernance.Load(new ConfigurationBuilder().Build()).Model ?? throw new InvalidOperationException("the sample governance is invalid"));

    public StoreHarness(string path, FakeTimeProvider time)
    {
        Path = path;
        Time = time;
        Storage = LiteDbStorage.Open(path);
        Runner = new ActionRunner(Store, time, Sample);
        SignOffs = new SignOffService(Sample, Store, Runner);
        Deploys = new DeployService(Sample, Runner, time);
    }

    public static GovernanceModel Sample => SampleModel.Value;

    public string Path { get; }

    public FakeTimeProvider Time { get; }

    public LiteDbStorage Storage { get; }

    public LiteDbSignOffStore Store => Storage.SignOffs;

    public ActionRunner Runner { get; }

    public SignOffService SignOffs { get; }

    public DeployService Deploys { get; }

    /// <summary>A fresh database file in a temp folder (the file itself is created on open).</summary>
    public static string NewDatabasePath() => System.IO.Path.Combine(TempFolder.Create(), "data", "signoff.db");

    /// <summary>A fake clock at a time with sub-millisecond ticks, so truncation to milliseconds is exercised.</summary>
    public static FakeTimeProvider NewTime() =>
        new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, 123, TimeSpan.Zero).AddTicks(4567));

    public static ActionContext As(string person, string? deliveryId = null) => new(person, "test", "test", deliveryId);

    public Item Register(ItemKey key, string owner = "ana@example.com", RiskLevel risk = RiskLevel.Low, Evidence? evidence = null)
    {
        var result = SignOffs.Register(new RegisterItem(key, ItemKind.Model, risk, evidence ?? Evidence.None), As(owner));
        Assert.True(result.Outcome.IsApplied, $"register {key}: {result.Outcome.Message}");
        return result.Value!;
    }

    public Item RequestFeedback(ItemKey key, string by = "ana@example.com")
    {
        var result = SignOffs.RequestFeedback(key, [], As(by));
        Assert.True(result.Outcome.IsApplied, $"request feedback on {key}: {result.Outcome.Message}");
        return result.Value!;
    }

    public static string Json(object? value) => JsonSerializer.Serialize(value);

    public void Dispose() => Storage.Dispose();
}
