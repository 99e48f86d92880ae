using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SignOffBot.Host.Configuration;

namespace SignOffBot.Host.Api;

/// <summary>Checks presented keys against the configured hashes, in constant time.</summary>
public sealed class ApiKeyRegistry
{
    private readonly IOptionsMonitor<ApiOptions> _options;

    public ApiKeyRegistry(IOptionsMonitor<ApiOptions> options)
    {
        _options = options;
        var errors = new ConfigurationErrors();
        Keys(options.CurrentValue, errors);
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
        foreach (var key in Keys(_options.CurrentValue, new ConfigurationErrors()))
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Sha256))
            {
                found = key;
            }
        }

        return found;
    }

    public static IReadOnlyList<ApiKey> Keys(ApiOptions options, ConfigurationErrors errors)
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
                errors.Add($"{at}:Sha256", "must be the 64 hex digits of the key's SHA-256 (run: SignOffBot.Host keys new <name> <scope>…).");
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

            if (valid)
            {
                keys.Add(new ApiKey(entry.Name!, hash!, entry.Scopes.ToHashSet(StringComparer.Ordinal)));
            }
        }

        return keys;
    }

    private static bool IsHex(string text) => text.All(Uri.IsHexDigit);
}
