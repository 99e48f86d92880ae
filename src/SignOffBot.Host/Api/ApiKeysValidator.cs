using Microsoft.Extensions.Options;
using SignOffBot.Host.Configuration;
using SignOffBot.Host.Governance;

namespace SignOffBot.Host.Api;

/// <summary>
/// Checks <c>Api:Keys</c> when the host starts, with the other options: names, hashes and scopes, and the projects and
/// people of each key's limits against the governance (when that is valid; otherwise its own check reports it).
/// </summary>
internal sealed class ApiKeysValidator(IConfiguration configuration) : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var errors = new ConfigurationErrors();
        ApiKeyRegistry.Keys(options, errors, ConfiguredGovernance.Load(configuration).Model);
        return errors.Any ? ValidateOptionsResult.Fail(errors.All) : ValidateOptionsResult.Success;
    }
}
