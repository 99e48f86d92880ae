namespace SignOffBot.Host.Manifests;

/// <summary>The manifests, icons and schemas embedded in the host at build (see SignOffBot.Host.csproj).</summary>
public static class EmbeddedFiles
{
    public const string TeamsManifest = "manifests/teams/manifest.json";
    public const string TeamsColorIcon = "manifests/teams/color.png";
    public const string TeamsOutlineIcon = "manifests/teams/outline.png";
    public const string SlackManifest = "manifests/slack/manifest.yml";
    public const string TeamsSchema = "schemas/teams/manifest.schema.json";
    public const string SlackSchema = "schemas/slack/manifest.schema.json";

    /// <summary>The file's bytes; null when the build did not embed it (only a schema may be missing).</summary>
    public static byte[]? Read(string name)
    {
        using var stream = typeof(EmbeddedFiles).Assembly.GetManifestResourceStream(name);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static byte[] Require(string name) =>
        Read(name) ?? throw new InvalidOperationException($"The embedded {name} is missing from the build.");

    public static string Text(string name) => System.Text.Encoding.UTF8.GetString(Require(name));
}
