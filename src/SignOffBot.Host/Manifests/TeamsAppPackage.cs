using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignOffBot.Host.Manifests;

/// <summary>
/// The Teams app package (a zip of <c>manifest.json</c>, <c>color.png</c> and <c>outline.png</c>) built from
/// <c>manifests/teams</c>: the placeholders filled in for one bot and host, then checked before anything is written.
/// </summary>
public static class TeamsAppPackage
{
    public const int ColorIconSize = 192;
    public const int OutlineIconSize = 32;

    /// <summary>The placeholders of manifests/teams/manifest.json: none may be left in a package.</summary>
    public const string PlaceholderId = "00000000-0000-0000-0000-000000000000";
    public const string PlaceholderDomain = "signoffbot.example.com";

    // A file people read and Teams parses, never HTML: the en dash and apostrophes of the texts stay as they are.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The manifest for the Entra app (bot) <paramref name="appId"/> at <paramref name="host"/>: the app id and the bot id,
    /// the valid domain, the developer links (on the host unless <paramref name="links"/> names the organisation's
    /// pages), and optionally another short name and version.
    /// </summary>
    public static JsonObject Manifest(Guid appId, PublicHost host, string? shortName = null, string? version = null, DeveloperLinks? links = null)
    {
        var text = EmbeddedFiles.Text(EmbeddedFiles.TeamsManifest)
            .Replace(PlaceholderId, appId.ToString("D"), StringComparison.Ordinal)
            .Replace($"https://{PlaceholderDomain}", host.Origin, StringComparison.Ordinal);
        var manifest = JsonNode.Parse(text)!.AsObject();
        manifest["validDomains"] = new JsonArray(JsonValue.Create(host.Authority));

        if (shortName is not null)
        {
            var name = manifest["name"]!.AsObject();
            var previous = (string)name["short"]!;
            name["short"] = shortName;
            var description = manifest["description"]!.AsObject();
            description["full"] = ((string)description["full"]!).Replace($"@{previous} ", $"@{shortName} ", StringComparison.Ordinal);
        }

        if (version is not null)
        {
            manifest["version"] = version;
        }

        var developer = manifest["developer"]!.AsObject();
        foreach (var (field, url) in new[] { ("websiteUrl", links?.Website), ("privacyUrl", links?.Privacy), ("termsOfUseUrl", links?.Terms) })
        {
            if (url is not null)
            {
                developer[field] = url;
            }
        }

        return manifest;
    }

    /// <summary>
    /// What keeps <paramref name="manifest"/> from being a package Teams accepts: a placeholder left, an icon of the
    /// wrong size, and (when the schema was embedded) every schema error with its path. Empty when it may be written.
    /// </summary>
    public static IReadOnlyList<string> Problems(JsonObject manifest, ManifestSchema? schema)
    {
        var problems = new List<string>();
        var json = Json(manifest);
        foreach (var placeholder in new[] { PlaceholderId, PlaceholderDomain })
        {
            if (json.Contains(placeholder, StringComparison.Ordinal))
            {
                problems.Add($"manifest.json: the placeholder {placeholder} is still there.");
            }
        }

        problems.AddRange(IconProblems("color.png", EmbeddedFiles.TeamsColorIcon, ColorIconSize));
        problems.AddRange(IconProblems("outline.png", EmbeddedFiles.TeamsOutlineIcon, OutlineIconSize));
        if (schema is not null)
        {
            problems.AddRange(schema.Problems(json).Select(problem => $"manifest.json {problem} ({schema.Name})"));
        }

        return problems;
    }

    /// <summary>The zip Teams takes (Upload a custom app, or the Teams admin center): the three files at its root.</summary>
    public static byte[] Zip(JsonObject manifest)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(archive, "manifest.json", new UTF8Encoding(false).GetBytes(Json(manifest)));
            Add(archive, "color.png", EmbeddedFiles.Require(EmbeddedFiles.TeamsColorIcon));
            Add(archive, "outline.png", EmbeddedFiles.Require(EmbeddedFiles.TeamsOutlineIcon));
        }

        return zip.ToArray();
    }

    public static string Json(JsonObject manifest) => manifest.ToJsonString(Indented);

    private static IEnumerable<string> IconProblems(string file, string resource, int size)
    {
        var png = PngSize.Read(EmbeddedFiles.Require(resource));
        if (png is null)
        {
            yield return $"{file}: not a PNG.";
        }
        else if (png.Value.Width != size || png.Value.Height != size)
        {
            yield return $"{file}: {png.Value}, Teams needs {size}×{size}.";
        }
    }

    private static void Add(ZipArchive archive, string name, byte[] content)
    {
        using var entry = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(content);
    }
}

/// <summary>The organisation's pages a Teams app links to (about, privacy, terms of use); null keeps the host's.</summary>
public sealed record DeveloperLinks(string? Website, string? Privacy, string? Terms);
