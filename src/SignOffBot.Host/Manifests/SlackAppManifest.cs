using System.Text;
using System.Text.Json.Nodes;

namespace SignOffBot.Host.Manifests;

/// <summary>
/// The Slack app manifest of <c>manifests/slack/manifest.yml</c> with every request URL on one host: the slash command,
/// interactivity and event subscriptions. Kept as YAML, comments and all, for Slack's "Create an app from a manifest".
/// </summary>
public static class SlackAppManifest
{
    public const string CommandsPath = "/slack/commands";
    public const string InteractionsPath = "/slack/interactions";
    public const string EventsPath = "/slack/events";

    private const string PlaceholderOrigin = "https://signoffbot.example.com";

    /// <summary>The manifest for <paramref name="host"/>; its opening comment (which says to replace the host) says where it was made for.</summary>
    public static string Yaml(PublicHost host)
    {
        var lines = EmbeddedFiles.Text(EmbeddedFiles.SlackManifest).Split('\n');
        var body = lines.SkipWhile(line => line.StartsWith('#'));
        var yaml = new StringBuilder()
            .Append("# Slack app manifest for SignOffBot at ").Append(host.Origin).Append(", made by signoffbot manifests slack.\n")
            .Append("# Paste it at https://api.slack.com/apps > Create New App > From a manifest (YAML).\n")
            .AppendJoin('\n', body)
            .ToString();
        return yaml.Replace(PlaceholderOrigin, host.Origin, StringComparison.Ordinal);
    }

    /// <summary>What keeps <paramref name="yaml"/> from being this host's manifest: a request URL elsewhere, a placeholder, every schema error.</summary>
    public static IReadOnlyList<string> Problems(string yaml, PublicHost host, ManifestSchema? schema)
    {
        var problems = new List<string>();
        JsonObject manifest;
        try
        {
            manifest = YamlJson.ToJson(yaml);
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or YamlDotNet.Core.YamlException)
        {
            return [$"manifest.yml is not YAML a manifest can be: {e.Message}"];
        }

        if (yaml.Contains(PlaceholderOrigin, StringComparison.Ordinal))
        {
            problems.Add($"manifest.yml: the placeholder {PlaceholderOrigin} is still there.");
        }

        var commands = manifest["features"]?["slash_commands"]?.AsArray() ?? [];
        var urls = commands.Select((command, i) => ($"features.slash_commands[{i}].url", (string?)command?["url"], CommandsPath))
            .Append(("settings.interactivity.request_url", (string?)manifest["settings"]?["interactivity"]?["request_url"], InteractionsPath))
            .Append(("settings.event_subscriptions.request_url", (string?)manifest["settings"]?["event_subscriptions"]?["request_url"], EventsPath));
        foreach (var (key, url, path) in urls)
        {
            if (url != host.Url(path))
            {
                problems.Add($"manifest.yml {key}: '{url}' is not {host.Url(path)}.");
            }
        }

        if (schema is not null)
        {
            problems.AddRange(schema.Problems(manifest.ToJsonString()).Select(problem => $"manifest.yml {problem} ({schema.Name})"));
        }

        return problems;
    }
}
