using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SignOffBot.Host.Api;

namespace SignOffBot.Host.Keys;

/// <summary>
/// <c>signoffbot keys new-signing</c>: see <see cref="SigningKeyCommand"/>.
/// <c>signoffbot keys new &lt;name&gt; &lt;scope&gt;… [--projects a,b] [--act-as p1,p2]</c>: prints a fresh random
/// key once, and the <c>Api:Keys</c> entry (name, SHA-256, scopes, and the limits asked for) to paste into
/// configuration. The key itself is never stored. The host checks the projects and people of the limits at start.
/// </summary>
public static class KeysCommand
{
    public const string Synopsis = "signoffbot keys new <name> <scope>… [--projects <project>,…] [--act-as <person or group:id>,…]";

    public const string SigningSynopsis = "signoffbot keys new-signing";

    public const string Usage = "Usage: " + Synopsis + "   (scopes: items:write deploy:check audit:read outbox:write store:backup)\n"
        + "       " + SigningSynopsis;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args is [_, "new-signing"])
        {
            return SigningKeyCommand.Run(output);
        }

        if (args.Length < 4 || args[1] != "new")
        {
            error.WriteLine(Usage);
            return 2;
        }

        var name = args[2];
        if (!TryOptions(args.Skip(3).ToList(), out var scopes, out var projects, out var actAs, out var problem))
        {
            error.WriteLine(problem);
            error.WriteLine(Usage);
            return 2;
        }

        var unknown = scopes.FirstOrDefault(s => !ApiScopes.All.Contains(s));
        if (unknown is not null || scopes.Count == 0 || string.IsNullOrWhiteSpace(name) || name.StartsWith('-'))
        {
            error.WriteLine(unknown is not null ? $"Unknown scope '{unknown}'." : scopes.Count == 0 ? "A key needs at least one scope." : $"'{name}' is not a usable key name.");
            error.WriteLine(Usage);
            return 2;
        }

        var key = "sob_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var entry = new { Api = new { Keys = new[] { new { Name = name, Sha256 = hash, Scopes = scopes, Projects = projects, ActAs = actAs } } } };

        output.WriteLine($"API key (shown once, keep it secret): {key}");
        output.WriteLine();
        output.WriteLine("Configuration entry for Api:Keys (a --config file, or merge into yours):");
        output.WriteLine(JsonSerializer.Serialize(entry, Json));
        output.WriteLine();
        output.WriteLine("Or as environment variables (use the next free index instead of 0):");
        output.WriteLine($"Api__Keys__0__Name={name}");
        output.WriteLine($"Api__Keys__0__Sha256={hash}");
        WriteList(output, "Scopes", scopes);
        WriteList(output, "Projects", projects);
        WriteList(output, "ActAs", actAs);
        if (projects is null || (actAs is null && (scopes.Contains(ApiScopes.ItemsWrite) || scopes.Contains(ApiScopes.DeployCheck))))
        {
            output.WriteLine();
            output.WriteLine("Note: without --projects the key can act on every project, and without --act-as its requests can name any person in by and owner; the host warns about such keys at start.");
        }

        return 0;
    }

    /// <summary>Scopes are the words; <c>--projects</c> and <c>--act-as</c> take a comma-separated list (or <c>--name=value</c>).</summary>
    private static bool TryOptions(
        List<string> words, out List<string> scopes, out List<string>? projects, out List<string>? actAs, out string problem)
    {
        scopes = [];
        projects = null;
        actAs = null;
        problem = string.Empty;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                scopes.Add(word);
                continue;
            }

            var equals = word.IndexOf('=', StringComparison.Ordinal);
            var option = equals < 0 ? word : word[..equals];
            string? value = equals < 0 ? (i + 1 < words.Count && !words[i + 1].StartsWith("--", StringComparison.Ordinal) ? words[++i] : null) : word[(equals + 1)..];
            var list = value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            if (option is not ("--projects" or "--act-as"))
            {
                problem = $"Unknown option '{option}'.";
                return false;
            }

            if (list is not { Count: > 0 })
            {
                problem = $"{option} needs a comma-separated list, e.g. {(option == "--projects" ? "--projects fraud-detection,credit-scoring" : "--act-as ana@example.com,group:release-managers")}.";
                return false;
            }

            if ((option == "--projects" ? projects : actAs) is not null)
            {
                problem = $"{option} is given twice.";
                return false;
            }

            if (option == "--projects")
            {
                projects = list;
            }
            else
            {
                actAs = list;
            }
        }

        return true;
    }

    private static void WriteList(TextWriter output, string field, List<string>? values)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            output.WriteLine($"Api__Keys__0__{field}__{i}={values![i]}");
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
