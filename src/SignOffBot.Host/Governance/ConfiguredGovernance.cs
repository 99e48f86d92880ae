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

    public ConfiguredGovernance(IConfiguration configuration, ILogger<ConfiguredGovernance> log)
    {
        _log = log;
        var (model, errors, fromSample) = Load(configuration);
        _current = model ?? throw new InvalidConfigurationException(errors.All);
        IsSample = fromSample;
        _reload = ChangeToken.OnChange(configuration.GetReloadToken, () => Reload(configuration));
    }

    public GovernanceModel Current => _current;

    public bool IsSample { get; private set; }

    public static (GovernanceModel? Model, ConfigurationErrors Errors, bool FromSample) Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(GovernanceOptions.Section);
        var fromSample = !section.Exists();
        if (fromSample)
        {
            section = SampleGovernance.Section();
        }

        var errors = new ConfigurationErrors();
        GovernanceOptions options;
        try
        {
            options = section.Get<GovernanceOptions>() ?? new GovernanceOptions();
        }
        catch (InvalidOperationException e)
        {
            errors.Add(GovernanceOptions.Section, e.Message);
            return (null, errors, fromSample);
        }

        return (GovernanceBuilder.Build(options, errors), errors, fromSample);
    }

    public void Dispose() => _reload.Dispose();

    private void Reload(IConfiguration configuration)
    {
        var (model, errors, fromSample) = Load(configuration);
        if (model is null)
        {
            LogReloadRefused(string.Join("; ", errors.All));
            return;
        }

        _current = model;
        IsSample = fromSample;
        LogReloaded(model.Projects.Count, model.People.Count);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Governance configuration changed but is invalid; keeping the previous one: {Errors}")]
    private partial void LogReloadRefused(string errors);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Governance configuration reloaded: {Projects} projects, {People} people")]
    private partial void LogReloaded(int projects, int people);
}
