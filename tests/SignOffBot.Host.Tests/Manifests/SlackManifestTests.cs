using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Validation;
using SignOffBot.Host.Manifests;

namespace SignOffBot.Host.Tests.Manifests;

/// <summary>
/// The Slack app manifest under <c>manifests/slack</c>: converted from YAML to JSON it is valid against the published
/// manifest schema 1.0.0 (read from <c>../shared/schemas/slack</c>, never copied into the repository), names the three
/// Slack endpoints of the host, and asks for exactly the bot scopes the bot uses.
/// </summary>
public sealed class SlackManifestTests
{
    /// <summary>
    /// The bot scopes and what needs them: chat:write (post, update, ephemerals), commands (/signoff), im:write
    /// (conversations.open), users:read and users:read.email (users.info and users.lookupByEmail, people matched by
    /// e-mail), channels:join (conversations.join into a public release channel), files:write (the attestation file of
    /// deploy-check --attest: files.getUploadURLExternal and files.completeUploadExternal),
    /// app_mentions:read (app_mention), im:history (message.im).
    /// </summary>
    private static readonly string[] BotScopes =
    [
        "app_mentions:read", "channels:join", "chat:write", "commands", "files:write", "im:history", "im:write", "users:read", "users:read.email",
    ];

    private static readonly string RepositoryRoot = FindRepositoryRoot();
    private static readonly string ManifestPath = Path.Combine(RepositoryRoot, "manifests", "slack", "manifest.yml");

    // 1.0.0 and 2.0.0 differ only in the definitions of functions, workflows, types, datastores and external auth
    // (Slack's next-generation platform apps, manifest major version 2), none of which a classic bot uses.
    private static readonly string SchemaPath = Path.GetFullPath(
        Path.Combine(RepositoryRoot, "..", "shared", "schemas", "slack", "manifest.schema.1.0.0.json"));

    [Fact]
    public async Task Manifest_IsValidAgainstTheSlackManifestSchema()
    {
        var schema = await LoadSchemaAsync();

        var errors = schema.Validate(LoadManifest().ToJsonString());

        Assert.True(errors.Count == 0, "manifest.yml is not valid against manifest.schema.1.0.0.json:\n" + Describe(errors));
    }

    [Theory]
    [InlineData("unknown top-level key", ValidationErrorKind.NoAdditionalPropertiesAllowed)]
    [InlineData("always_online a string", ValidationErrorKind.BooleanExpected)]
    [InlineData("bot scopes a string", ValidationErrorKind.ArrayExpected)]
    [InlineData("command without the slash", ValidationErrorKind.PatternMismatch)]
    [InlineData("interactivity without is_enabled", ValidationErrorKind.PropertyRequired)]
    [InlineData("display name removed", ValidationErrorKind.PropertyRequired)]
    public async Task Validator_ReportsErrors_ForABrokenCopyOfTheManifest(string breakage, ValidationErrorKind expected)
    {
        var schema = await LoadSchemaAsync();
        var manifest = LoadManifest();
        switch (breakage)
        {
            case "unknown top-level key":
                manifest["not_a_manifest_key"] = true;
                break;
            case "always_online a string":
                manifest["features"]!["bot_user"]!["always_online"] = "yes";
                break;
            case "bot scopes a string":
                manifest["oauth_config"]!["scopes"]!["bot"] = "chat:write";
                break;
            case "command without the slash":
                manifest["features"]!["slash_commands"]![0]!["command"] = "signoff";
                break;
            case "interactivity without is_enabled":
                manifest["settings"]!["interactivity"]!.AsObject().Remove("is_enabled");
                break;
            case "display name removed":
                manifest["display_information"]!.AsObject().Remove("name");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }

        var errors = schema.Validate(manifest.ToJsonString());

        Assert.NotEmpty(errors);
        Assert.True(
            Flatten(errors).Any(e => e.Kind == expected),
            $"{breakage}: expected a {expected} error, got:\n{Describe(errors)}");
    }

    [Fact]
    public async Task Validator_ReportsErrors_ForAQuotedBooleanInTheYaml()
    {
        // The converter keeps a quoted "true" a string, so the schema sees the wrong type.
        var schema = await LoadSchemaAsync();
        var yaml = await File.ReadAllTextAsync(ManifestPath);
        Assert.Contains("  token_rotation_enabled: false", yaml, StringComparison.Ordinal);

        var broken = YamlToJson(yaml.Replace("  token_rotation_enabled: false", "  token_rotation_enabled: \"false\"", StringComparison.Ordinal));
        var errors = schema.Validate(broken.ToJsonString());

        Assert.True(
            Flatten(errors).Any(e => e.Kind == ValidationErrorKind.BooleanExpected && e.Property == "token_rotation_enabled"),
            "a quoted \"false\" should be a string, not a boolean; got:\n" + Describe(errors));
    }

    [Fact]
    public void YamlToJson_ConvertsPlainScalarsByTheirYamlType_AndKeepsQuotedOnesStrings()
    {
        const string yaml = """
            on: true
            off: False
            count: 42
            negative: -7
            ratio: 0.5
            hex: 0x1f
            nothing: ~
            empty:
            quoted_bool: "true"
            quoted_number: '42'
            tagged_string: !!str 12
            tagged_bool: !!bool "true"
            word: yes
            colour: "#1f3a5f"
            list: [ 1, two, false ]
            """;

        var json = YamlToJson(yaml);

        Assert.Equal(
            """{"on":true,"off":false,"count":42,"negative":-7,"ratio":0.5,"hex":31,"nothing":null,"empty":null,"quoted_bool":"true","quoted_number":"42","tagged_string":"12","tagged_bool":true,"word":"yes","colour":"#1f3a5f","list":[1,"two",false]}""",
            json.ToJsonString());
    }

    [Fact]
    public void Manifest_TargetsManifestVersion1_AndNamesTheBot()
    {
        var manifest = LoadManifest();

        Assert.Equal(1L, (long)manifest["_metadata"]!["major_version"]!);
        Assert.Equal("SignOffBot", (string?)manifest["display_information"]!["name"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)manifest["display_information"]!["description"]));

        // The schema states this pattern under the non-standard keyword "regex", which validators ignore.
        var colour = (string?)manifest["display_information"]!["background_color"];
        Assert.Matches(new Regex("^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$"), colour ?? "");

        var bot = manifest["features"]!["bot_user"]!;
        Assert.Equal("SignOff", (string?)bot["display_name"]);
        Assert.True((bool)bot["always_online"]!);

        // message.im needs a writable Messages tab, or people cannot DM the bot; app_home_opened publishes the Home tab.
        var home = manifest["features"]!["app_home"]!;
        Assert.True((bool)home["messages_tab_enabled"]!);
        Assert.False((bool)home["messages_tab_read_only_enabled"]!);
        Assert.True((bool)home["home_tab_enabled"]!);
    }

    [Fact]
    public void SlashCommand_Signoff_PointsAtSlackCommands()
    {
        var commands = LoadManifest()["features"]!["slash_commands"]!.AsArray();

        var command = Assert.Single(commands)!;
        Assert.Equal("/signoff", (string?)command["command"]);
        AssertEndpoint((string?)command["url"], "/slack/commands");
        Assert.False(string.IsNullOrWhiteSpace((string?)command["description"]));
        Assert.False((bool)command["should_escape"]!);

        var hint = (string?)command["usage_hint"] ?? "";
        foreach (var subcommand in new[]
                 {
                     "help", "register", "request-feedback", "request-final", "status", "pending", "delegate",
                     "deploy-check", "bypass", "incident-review", "audit",
                 })
        {
            Assert.Contains(subcommand, hint.Split('|', StringSplitOptions.TrimEntries));
        }
    }

    [Fact]
    public void Settings_PointInteractivityAndEventsAtTheHost_OverHttps()
    {
        var settings = LoadManifest()["settings"]!;

        var interactivity = settings["interactivity"]!;
        Assert.True((bool)interactivity["is_enabled"]!);
        AssertEndpoint((string?)interactivity["request_url"], "/slack/interactions");

        var events = settings["event_subscriptions"]!;
        AssertEndpoint((string?)events["request_url"], "/slack/events");
        Assert.Equal(["app_home_opened", "app_mention", "message.im"], events["bot_events"]!.AsArray().Select(e => (string)e!).Order());
        Assert.Null(events["user_events"]);

        Assert.False((bool)settings["org_deploy_enabled"]!);
        Assert.False((bool)settings["socket_mode_enabled"]!);
        Assert.False((bool)settings["token_rotation_enabled"]!);
    }

    [Fact]
    public void OAuth_AsksForExactlyTheBotScopesTheBotUses()
    {
        var scopes = LoadManifest()["oauth_config"]!["scopes"]!.AsObject();

        var bot = scopes["bot"]!.AsArray().Select(s => (string)s!).ToArray();
        Assert.Equal(bot.Length, bot.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(BotScopes, bot.Order(StringComparer.Ordinal));
        Assert.Equal(["bot"], scopes.Select(p => p.Key));
    }

    private static void AssertEndpoint(string? url, string path)
    {
        Assert.NotNull(url);
        var uri = new Uri(url);
        Assert.Equal(Uri.UriSchemeHttps, uri.Scheme);
        Assert.Equal(path, uri.AbsolutePath);
        Assert.Equal("signoffbot.example.com", uri.Host);
    }

    private static async Task<JsonSchema> LoadSchemaAsync()
    {
        Assert.True(File.Exists(SchemaPath), $"the Slack manifest schema is missing at {SchemaPath}");
        return await JsonSchema.FromFileAsync(SchemaPath);
    }

    private static JsonObject LoadManifest() => YamlToJson(File.ReadAllText(ManifestPath));

    /// <summary>The host's converter (<see cref="YamlJson"/>), which <c>signoffbot manifests slack</c> validates with too.</summary>
    private static JsonObject YamlToJson(string yaml) => YamlJson.ToJson(yaml);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SignOffBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no folder holding SignOffBot.sln above {AppContext.BaseDirectory}");
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors) =>
        errors.SelectMany(e => e is ChildSchemaValidationError child
            ? child.Errors.Values.SelectMany(Flatten).Prepend(e)
            : [e]);

    private static string Describe(IEnumerable<ValidationError> errors)
    {
        var text = new StringBuilder();
        Append(errors, 1);
        return text.ToString();

        void Append(IEnumerable<ValidationError> list, int depth)
        {
            foreach (var error in list)
            {
                text.Append(' ', depth * 2)
                    .Append(error.Kind).Append(" at ").Append(error.Path ?? "#")
                    .AppendLine();
                if (error is ChildSchemaValidationError child)
                {
                    foreach (var nested in child.Errors.Values)
                    {
                        Append(nested, depth + 1);
                    }
                }
            }
        }
    }
}
