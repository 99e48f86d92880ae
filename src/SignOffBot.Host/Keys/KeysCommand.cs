using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SignOffBot.Host.Api;

namespace SignOffBot.Host.Keys;

/// <summary>
/// <c>SignOffBot.Host keys new &lt;name&gt; &lt;scope&gt;…</c>: prints a fresh random key once, and the
/// <c>Api:Keys</c> entry (name, SHA-256, scopes) to paste into configuration. The key itself is never stored.
/// </summary>
public static class KeysCommand
{
    public const string Usage = "Usage: SignOffBot.Host keys new <name> <scope>…   (scopes: items:write deploy:check audit:read)";

    public static bool IsKeysCommand(string[] args) => args.Length > 0 && args[0] == "keys";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length < 4 || args[1] != "new")
        {
            error.WriteLine(Usage);
            return 2;
        }

        var name = args[2];
        var scopes = args.Skip(3).ToList();
        var unknown = scopes.FirstOrDefault(s => !ApiScopes.All.Contains(s));
        if (unknown is not null || string.IsNullOrWhiteSpace(name) || name.StartsWith('-'))
        {
            error.WriteLine(unknown is null ? $"'{name}' is not a usable key name." : $"Unknown scope '{unknown}'.");
            error.WriteLine(Usage);
            return 2;
        }

        var key = "sob_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var entry = new { Api = new { Keys = new[] { new { Name = name, Sha256 = hash, Scopes = scopes } } } };

        output.WriteLine($"API key (shown once, keep it secret): {key}");
        output.WriteLine();
        output.WriteLine("Configuration entry for Api:Keys (a --config file, or merge into yours):");
        output.WriteLine(JsonSerializer.Serialize(entry, new JsonSerializerOptions { WriteIndented = true }));
        output.WriteLine();
        output.WriteLine("Or as environment variables (use the next free index instead of 0):");
        output.WriteLine($"Api__Keys__0__Name={name}");
        output.WriteLine($"Api__Keys__0__Sha256={hash}");
        for (var i = 0; i < scopes.Count; i++)
        {
            output.WriteLine($"Api__Keys__0__Scopes__{i}={scopes[i]}");
        }

        return 0;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
