using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SignOffBot.Core.Governance;
using SignOffBot.Host.Configuration;

namespace SignOffBot.Host.Api;

/// <summary>
/// Checks presented keys against the configured hashes, in constant time. At start every entry is checked, the
/// projects and people of its limits included; a later change of governance never disables a key (a limit naming a
/// project or person that has gone simply matches nothing).
/// </summary>
public sealed class ApiKeyRegistry
{
    private readonly IOptionsMonitor<ApiOptions> _options;

    // The keys of the options last read, made again only when the configuration was reloaded (a new options object).
    private volatile KeysOf? _current;

    public ApiKeyRegistry(IOptionsMonitor<ApiOptions> options, IGovernanceSource governance)
    {
        _options = options;
        var errors = new ConfigurationErrors();
        Keys(options.CurrentValue, errors, governance.Current);
        if (errors.Any)
        {
            throw new InvalidConfigurationException(errors.All);
        }
    }

    /// <summary>The key whose hash matches, or null. Every configured hash is compared, so timing tells nothing.</summary>
    public ApiKey? Find(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        ApiKey? found = null;
        foreach (var key in Current())
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Sha256))
            {
                found = key;
            }
        }

        return found;
    }

    /// <summary>The keys configured now, for the start-up report of unlimited keys.</summary>
    public IReadOnlyList<ApiKey> Configured => Current();

    private IReadOnlyList<ApiKey> Current()
    {
        var options = _options.CurrentValue;
        var current = _current;
        if (current is null || !ReferenceEquals(current.Options, options))
        {
            current = new KeysOf(options, Keys(options, new ConfigurationErrors()));
            _current = current;
        }

        return current.Keys;
    }

    private sealed record KeysOf(ApiOptions Options, IReadOnlyList<ApiKey> Keys);

    /// <summary>The valid entries; each invalid one is reported in <paramref name="errors"/> by its key. With
    /// <paramref name="governance"/>, the projects and people of the limits must exist in it.</summary>
    public static IReadOnlyList<ApiKey> Keys(ApiOptions options, ConfigurationErrors errors, GovernanceModel? governance = null)
    {
        var keys = new List<ApiKey>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var entry = options.Keys[i];
            var at = $"{ApiOptions.Section}:Keys:{i}";
            var valid = true;
            if (string.IsNullOrWhiteSpace(entry.Name) || !names.Add(entry.Name))
            {
                errors.Add($"{at}:Name", string.IsNullOrWhiteSpace(entry.Name) ? "a key needs a name." : $"duplicate key: '{entry.Name}' is already defined.");
                valid = false;
            }

            byte[]? hash = null;
            if (entry.Sha256 is not { Length: 64 } || !IsHex(entry.Sha256))
            {
                errors.Add($"{at}:Sha256", "must be the 64 hex digits of the key's SHA-256 (run: signoffbot keys new <name> <scope>…).");
                valid = false;
            }
            else
            {
                hash = Convert.FromHexString(entry.Sha256);
            }

            for (var s = 0; s < entry.Scopes.Count; s++)
            {
                if (!ApiScopes.All.Contains(entry.Scopes[s]))
                {
                    errors.Add($"{at}:Scopes:{s}", $"unknown scope '{entry.Scopes[s]}'; scopes are {string.Join(", ", ApiScopes.All)}.");
                    valid = false;
                }
            }

            valid &= Limits(entry, at, governance, errors);
            if (valid)
            {
                keys.Add(new ApiKey(entry.Name!, hash!, entry.Scopes.ToHashSet(StringComparer.Ordinal))
                {
                    Projects = entry.Projects.Count == 0 ? null : entry.Projects.Select(p => p.Trim()).ToList(),
                    ActAs = entry.ActAs.Count == 0 ? null : entry.ActAs.Select(p => p.Trim().ToLowerInvariant()).ToList(),
                });
            }
        }

        return keys;
    }

    private static bool Limits(ApiKeyOptions entry, string at, GovernanceModel? governance, ConfigurationErrors errors)
    {
        var valid = true;
        for (var p = 0; p < entry.Projects.Count; p++)
        {
            var project = entry.Projects[p]?.Trim();
            if (string.IsNullOrEmpty(project) || (governance is not null && governance.FindProject(project) is null))
            {
                errors.Add($"{at}:Projects:{p}", $"key '{entry.Name}': '{project}' is not a project of Governance:Projects.");
                valid = false;
            }
        }

        for (var a = 0; a < entry.ActAs.Count; a++)
        {
            var assignee = new Assignee(entry.ActAs[a]?.Trim() ?? string.Empty);
            var known = assignee.Id.Length > 0
                && (governance is null || (assignee.IsGroup ? governance.FindGroup(assignee.Id) is not null : governance.FindPerson(assignee.Id) is not null));
            if (!known)
            {
                errors.Add($"{at}:ActAs:{a}", assignee.IsGroup
                    ? $"key '{entry.Name}': '{assignee.Id}' is not a group of Governance:Groups."
                    : $"key '{entry.Name}': '{assignee.Value}' is not a person of Governance:People (write group:<id> for a group).");
                valid = false;
            }
        }

        return valid;
    }

    private static bool IsHex(string text) => text.All(Uri.IsHexDigit);
}
