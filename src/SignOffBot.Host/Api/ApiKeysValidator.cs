using Microsoft.Extensions.Options;
using SignOffBot.Host.Configuration;
using SignOffBot.Host.Governance;

namespace SignOffBot.Host.Api;

/// <summary>
/// Checks <c>Api:Keys</c> when the host starts, with the other options: names, hashes and scopes, and the projects and
/// people of each key's limits against the governance (when that is valid; otherwise its own check reports it); and
/// the bounds of held deploy-checks (<c>Api:MaxWaitsPerKey</c>, <c>Api:MaxWaits</c>).
/// </summary>
internal sealed class ApiKeysValidator(IConfiguration configuration) : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var errors = new ConfigurationErrors();
        ApiKeyRegistry.Keys(options, errors, ConfiguredGovernance.Load(configuration).Model);
        foreach (var (bound, value) in new[] { (nameof(options.MaxWaitsPerKey), options.MaxWaitsPerKey), (nameof(options.MaxWaits), options.MaxWaits) })
        {
            if (value < 1)
            {
                errors.Add($"{ApiOptions.Section}:{bound}", "must be a whole number of held deploy-checks of at least 1.");
            }
        }

        return errors.Any ? ValidateOptionsResult.Fail(errors.All) : ValidateOptionsResult.Success;
    }
}
