using Microsoft.Extensions.Options;

namespace SignOffBot.Host.Governance;

/// <summary>
/// Checks the <c>Governance</c> section when the host starts, with the other options. The section is read by
/// <see cref="ConfiguredGovernance"/> (the sample when none is configured, a configured one whole), so the check
/// loads it the same way rather than from the bound options.
/// </summary>
internal sealed class GovernanceValidator(IConfiguration configuration) : IValidateOptions<GovernanceOptions>
{
    public ValidateOptionsResult Validate(string? name, GovernanceOptions options) =>
        ConfiguredGovernance.Load(configuration).Errors is { Any: true } errors ? ValidateOptionsResult.Fail(errors.All) : ValidateOptionsResult.Success;
}
