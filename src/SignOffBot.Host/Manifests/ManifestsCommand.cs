using System.Text.RegularExpressions;
using SignOffBot.Host.Commands;

namespace SignOffBot.Host.Manifests;

/// <summary>
/// <c>signoffbot manifests teams …</c> writes the Teams app package, <c>signoffbot manifests slack …</c> prints the Slack
/// app manifest, each filled in for one host and checked against its publisher's schema first. Exit codes: 0 written,
/// 1 invalid (every problem named; nothing written), 2 usage.
/// </summary>
public static partial class ManifestsCommand
{
    public const string TeamsSynopsis = "signoffbot manifests teams --app-id <Entra app (bot) id> --host https://<public host> --out <file.zip> [--name <short name>] [--version <x.y.z>] [--website-url|--privacy-url|--terms-url https://…] [--skip-schema]";
    public const string SlackSynopsis = "signoffbot manifests slack --host https://<public host> [--skip-schema]";

    private const string TeamsSchemaName = "Teams manifest schema v1.29";
    private const string SlackSchemaName = "Slack manifest schema 1.0.0";

    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, ManifestSchema.Embedded);

    /// <summary>The command with the schemas from <paramref name="schemas"/> (resource, name), null for one not built in.</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error, Func<string, string, ManifestSchema?> schemas) => args.ElementAtOrDefault(1) switch
    {
        "teams" => Teams(args[2..], output, error, schemas),
        "slack" => Slack(args[2..], output, error, schemas),
        _ => Usage(error, [args.Length > 1 ? $"Unknown manifest '{args[1]}': teams or slack." : "Which manifest: teams or slack?"]),
    };

    private static int Teams(string[] args, TextWriter output, TextWriter error, Func<string, string, ManifestSchema?> schemas)
    {
        var options = CommandOptions.Parse(args, valued: ["--app-id", "--host", "--out", "--name", "--version", "--website-url", "--privacy-url", "--terms-url"], flags: ["--skip-schema"]);
        var problems = options.Problems.ToList();
        var host = RequiredHost(options, problems);
        Guid appId = default;
        if (options["--app-id"] is not { } id)
        {
            problems.Add("--app-id is required: the Application (client) ID of the bot's Entra app (Teams:AppId).");
        }
        else if (!Guid.TryParse(id, out appId) || appId == Guid.Empty)
        {
            problems.Add($"--app-id '{id}' is not an Entra application (client) ID, a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.");
        }

        // The schema says semver only in words; Teams takes MAJOR.MINOR.PATCH and an update needs a higher one.
        if (options["--version"] is { } version && !TeamsVersion().IsMatch(version))
        {
            problems.Add($"--version '{version}' is not a version such as 1.0.1 (MAJOR.MINOR.PATCH); raise it for every update of the app in Teams.");
        }

        foreach (var link in new[] { "--website-url", "--privacy-url", "--terms-url" })
        {
            if (options[link] is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            {
                problems.Add($"{link} '{url}' is not an https URL.");
            }
        }

        if (options["--out"] is null)
        {
            problems.Add("--out is required: the zip to write, e.g. --out signoff-teams.zip.");
        }

        if (problems.Count > 0)
        {
            return Usage(error, problems);
        }

        if (!TrySchema(schemas(EmbeddedFiles.TeamsSchema, TeamsSchemaName), TeamsSchemaName, "TeamsManifestSchema", options.Has("--skip-schema"), error, out var schema))
        {
            return 1;
        }

        var links = new DeveloperLinks(options["--website-url"], options["--privacy-url"], options["--terms-url"]);
        var manifest = TeamsAppPackage.Manifest(appId, host!, options["--name"], options["--version"], links);
        if (Invalid("The Teams app package", TeamsAppPackage.Problems(manifest, schema), error))
        {
            return 1;
        }

        var path = Path.GetFullPath(options["--out"]!);
        try
        {
            File.WriteAllBytes(path, TeamsAppPackage.Zip(manifest));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"Cannot write {path}: {e.Message}");
            return 1;
        }

        output.WriteLine($"Wrote {path}: manifest.json (app and bot id {appId:D}, valid domain {host!.Authority}, "
            + $"{(schema is null ? "NOT validated: no schema in this build" : $"valid against the {TeamsSchemaName}")}), "
            + $"color.png {TeamsAppPackage.ColorIconSize}×{TeamsAppPackage.ColorIconSize}, outline.png {TeamsAppPackage.OutlineIconSize}×{TeamsAppPackage.OutlineIconSize}.");
        output.WriteLine($"The bot's messaging endpoint (Azure Bot > Configuration) is {host.Url("/api/messages")}.");
        return 0;
    }

    private static int Slack(string[] args, TextWriter output, TextWriter error, Func<string, string, ManifestSchema?> schemas)
    {
        var options = CommandOptions.Parse(args, valued: ["--host"], flags: ["--skip-schema"]);
        var problems = options.Problems.ToList();
        var host = RequiredHost(options, problems);
        if (problems.Count > 0)
        {
            return Usage(error, problems);
        }

        if (!TrySchema(schemas(EmbeddedFiles.SlackSchema, SlackSchemaName), SlackSchemaName, "SlackManifestSchema", options.Has("--skip-schema"), error, out var schema))
        {
            return 1;
        }

        var yaml = SlackAppManifest.Yaml(host!);
        if (Invalid("The Slack app manifest", SlackAppManifest.Problems(yaml, host!, schema), error))
        {
            return 1;
        }

        output.Write(yaml);
        return 0;
    }

    private static PublicHost? RequiredHost(CommandOptions options, List<string> problems)
    {
        if (options["--host"] is not { } text)
        {
            problems.Add("--host is required: the public https address Teams and Slack reach the host at, e.g. --host https://signoff.example.org");
            return null;
        }

        var host = PublicHost.Parse(text, out var problem);
        if (host is null)
        {
            problems.Add(problem);
        }

        return host;
    }

    /// <summary>True with the built-in schema; without one, false (refused) unless --skip-schema (then a warning and no schema).</summary>
    private static bool TrySchema(ManifestSchema? builtIn, string name, string property, bool skip, TextWriter error, out ManifestSchema? schema)
    {
        schema = builtIn;
        if (schema is not null)
        {
            return true;
        }

        if (skip)
        {
            error.WriteLine($"Warning: this signoffbot was built without the {name}; the manifest is not validated against it (--skip-schema).");
            return true;
        }

        error.WriteLine($"This signoffbot was built without the {name}, so it cannot validate the manifest. Build it with "
            + $"-p:{property}=<schema file> (the Dockerfile does), or give --skip-schema to go on without the schema.");
        return false;
    }

    private static bool Invalid(string what, IReadOnlyList<string> problems, TextWriter error)
    {
        if (problems.Count == 0)
        {
            return false;
        }

        error.WriteLine($"{what} is invalid; nothing was written:");
        foreach (var problem in problems)
        {
            error.WriteLine($"  {problem}");
        }

        return true;
    }

    [GeneratedRegex(@"^[0-9]{1,9}\.[0-9]{1,9}\.[0-9]{1,9}$")]
    private static partial Regex TeamsVersion();

    private static int Usage(TextWriter error, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            error.WriteLine(problem);
        }

        error.WriteLine("Usage: " + TeamsSynopsis);
        error.WriteLine("       " + SlackSynopsis);
        return 2;
    }
}
