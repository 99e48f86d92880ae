using Microsoft.Extensions.Primitives;
using SignOffBot.Core.Governance;
using SignOffBot.Host.Configuration;

namespace SignOffBot.Host.Governance;

/// <summary>
/// The governance in force, read from configuration at start (invalid: the host does not start) and again
/// whenever a configuration file changes (invalid: the change is logged and the previous governance stays).
/// </summary>
public sealed partial class ConfiguredGovernance : IGovernanceSource, IDisposable
{
    private readonly ILogger<ConfiguredGovernance> _log;
    private readonly IDisposable _reload;
    private volatile GovernanceModel _current;
    private string _fingerprint;

    public ConfiguredGovernance(IConfiguration configuration, ILogger<ConfiguredGovernance> log)
    {
        _log = log;
        var loaded = Read(configuration);
        _current = loaded.Model ?? throw new InvalidConfigurationException(loaded.Errors.All);
        IsSample = loaded.FromSample;
        _fingerprint = loaded.Fingerprint;
        WarnDefaulted(loaded.Defaulted);
        _reload = ChangeToken.OnChange(configuration.GetReloadToken, () => Reload(configuration));
    }

    public GovernanceModel Current => _current;

    public bool IsSample { get; private set; }

    public static (GovernanceModel? Model, ConfigurationErrors Errors, bool FromSample) Load(IConfiguration configuration)
    {
        var loaded = Read(configuration);
        return (loaded.Model, loaded.Errors, loaded.FromSample);
    }

    public void Dispose() => _reload.Dispose();

    private static Loaded Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(GovernanceOptions.Section);
        var fromSample = !section.Exists();
        if (fromSample)
        {
            section = SampleGovernance.Section();
        }

        var errors = new ConfigurationErrors();
        var defaulted = new List<DefaultedProject>();
        var fingerprint = string.Join('\n', section.AsEnumerable().Select(kv => $"{kv.Key}={kv.Value}").Order(StringComparer.Ordinal));
        GovernanceOptions options;
        try
        {
            options = section.Get<GovernanceOptions>() ?? new GovernanceOptions();
        }
        catch (InvalidOperationException e)
        {
            errors.Add(GovernanceOptions.Section, e.Message);
            return new Loaded(null, errors, fromSample, defaulted, fingerprint);
        }

        return new Loaded(GovernanceBuilder.Build(options, errors, defaulted), errors, fromSample, defaulted, fingerprint);
    }

    private void Reload(IConfiguration configuration)
    {
        var loaded = Read(configuration);
        if (loaded.Model is null)
        {
            LogReloadRefused(string.Join("; ", loaded.Errors.All));
            return;
        }

        _current = loaded.Model;
        IsSample = loaded.FromSample;
        LogReloaded(loaded.Model.Projects.Count, loaded.Model.People.Count);

        // A watched file signals every save (often twice per save): the defaults are told again only when the governance changed.
        if (loaded.Fingerprint != _fingerprint)
        {
            _fingerprint = loaded.Fingerprint;
            WarnDefaulted(loaded.Defaulted);
        }
    }

    private void WarnDefaulted(IReadOnlyList<DefaultedProject> defaulted)
    {
        foreach (var project in defaulted)
        {
            LogDefaultFeedback(project.Key, project.Project, string.Join(", ", DefaultFeedback.Categories));
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Governance configuration changed but is invalid; keeping the previous one: {Errors}")]
    private partial void LogReloadRefused(string errors);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Governance configuration reloaded: {Projects} projects, {People} people")]
    private partial void LogReloaded(int projects, int people);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "{Key} is empty: {Project} gets the default categories {Categories}, assigned to its owners")]
    private partial void LogDefaultFeedback(string key, string project, string categories);

    private sealed record Loaded(
        GovernanceModel? Model, ConfigurationErrors Errors, bool FromSample, IReadOnlyList<DefaultedProject> Defaulted, string Fingerprint);
}
