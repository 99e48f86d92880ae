using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

namespace SignOffBot.Host.Tests.Manifests;

/// <summary>
/// The Teams app package under <c>manifests/teams</c>: the manifest is valid against the published 1.29 schema
/// (read from <c>../shared/schemas</c>, never copied into the repository), lists every command of the grammar,
/// and ships icons of the sizes and kinds Teams asks for.
/// </summary>
public sealed class TeamsManifestTests
{
    /// <summary>Every command of the chat grammar (SPEC section 4).</summary>
    private static readonly string[] SpecCommands =
    [
        "help", "register", "request-feedback", "request-final", "status", "pending",
        "delegate", "deploy-check", "bypass", "incident-review", "audit",
    ];

    private static readonly string RepositoryRoot = FindRepositoryRoot();
    private static readonly string TeamsFolder = Path.Combine(RepositoryRoot, "manifests", "teams");
    private static readonly string ManifestPath = Path.Combine(TeamsFolder, "manifest.json");

    private static readonly string SchemaPath = Path.GetFullPath(
        Path.Combine(RepositoryRoot, "..", "shared", "schemas", "teams", "MicrosoftTeams.schema.v1.29.json"));

    [Fact]
    public async Task Manifest_IsValidAgainstTheTeams129Schema()
    {
        var schema = await LoadSchemaAsync();

        var errors = schema.Validate(await File.ReadAllTextAsync(ManifestPath));

        Assert.True(errors.Count == 0, "manifest.json is not valid against the 1.29 schema:\n" + Describe(errors));
    }

    [Theory]
    [InlineData("manifestVersion removed", ValidationErrorKind.PropertyRequired)]
    [InlineData("unknown property added", ValidationErrorKind.NoAdditionalPropertiesAllowed)]
    [InlineData("short description over 80 characters", ValidationErrorKind.StringTooLong)]
    [InlineData("botId not a GUID", ValidationErrorKind.PatternMismatch)]
    [InlineData("13 commands in one list", ValidationErrorKind.TooManyItems)]
    public async Task Validator_ReportsErrors_ForABrokenCopyOfTheManifest(string breakage, ValidationErrorKind expected)
    {
        var schema = await LoadSchemaAsync();
        var manifest = LoadManifest();
        switch (breakage)
        {
            case "manifestVersion removed":
                manifest.Remove("manifestVersion");
                break;
            case "unknown property added":
                manifest["notATeamsManifestProperty"] = true;
                break;
            case "short description over 80 characters":
                manifest["description"]!["short"] = new string('x', 81);
                break;
            case "botId not a GUID":
                manifest["bots"]![0]!["botId"] = "not-a-guid";
                break;
            case "13 commands in one list":
                var commands = manifest["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray();
                for (var i = commands.Count; i < 13; i++)
                {
                    commands.Add(new JsonObject { ["title"] = $"extra-{i}", ["description"] = "Usage: extra" });
                }

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
    public void Manifest_UsesVersion129_AndTheBotIdAsTheAppId()
    {
        var manifest = LoadManifest();

        Assert.Equal("1.29", (string?)manifest["manifestVersion"]);
        Assert.Equal(
            "https://developer.microsoft.com/en-us/json-schemas/teams/v1.29/MicrosoftTeams.schema.json",
            (string?)manifest["$schema"]);
        var bots = manifest["bots"]!.AsArray();
        Assert.Single(bots);
        Assert.Equal((string?)manifest["id"], (string?)bots[0]!["botId"]);
        Assert.Equal("color.png", (string?)manifest["icons"]!["color"]);
        Assert.Equal("outline.png", (string?)manifest["icons"]!["outline"]);
    }

    [Fact]
    public void Bot_HasThePersonalTeamAndGroupChatScopes()
    {
        var bot = LoadManifest()["bots"]![0]!;

        var scopes = bot["scopes"]!.AsArray().Select(s => (string)s!).Order().ToArray();

        Assert.Equal(["groupChat", "personal", "team"], scopes);
        Assert.False((bool)bot["isNotificationOnly"]!);
        // The attestation of deploy-check --attest is sent as a file in the personal chat (file consent cards).
        Assert.True((bool)bot["supportsFiles"]!);
    }

    [Fact]
    public void CommandLists_CoverEveryScope_AndListEverySpecCommand()
    {
        var bot = LoadManifest()["bots"]![0]!;
        var lists = bot["commandLists"]!.AsArray();

        var listedScopes = lists.SelectMany(l => l!["scopes"]!.AsArray().Select(s => (string)s!)).Order().ToArray();
        Assert.Equal(["groupChat", "personal", "team"], listedScopes);

        // The 1.29 schema allows 12 commands per list, so no command is left out of any list.
        foreach (var list in lists)
        {
            var scopes = string.Join(",", list!["scopes"]!.AsArray().Select(s => (string)s!));
            var commands = list["commands"]!.AsArray();
            var titles = commands.Select(c => (string)c!["title"]!).ToArray();
            Assert.True(
                SpecCommands.Order().SequenceEqual(titles.Order()),
                $"command list for [{scopes}] has [{string.Join(", ", titles)}]; expected [{string.Join(", ", SpecCommands)}]");
            foreach (var command in commands)
            {
                var title = (string)command!["title"]!;
                var description = (string?)command["description"];
                Assert.False(string.IsNullOrWhiteSpace(description), $"{title} in [{scopes}] has no description");
                Assert.Contains("Usage: " + title, description, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void ColorIcon_Is192Square_AndOpaque()
    {
        var png = Png.Read(Path.Combine(TeamsFolder, "color.png"));

        Assert.Equal(192, png.Width);
        Assert.Equal(192, png.Height);
        Assert.True(png.ColourType is 2 or 6, $"color.png has colour type {png.ColourType}; expected RGB (2) or RGBA (6)");
        Assert.Equal(255, png.Alpha(0, 0));
        Assert.Equal(255, png.Alpha(191, 191));
    }

    [Fact]
    public void OutlineIcon_Is32Square_WhiteOnTransparent()
    {
        var png = Png.Read(Path.Combine(TeamsFolder, "outline.png"));

        Assert.Equal(32, png.Width);
        Assert.Equal(32, png.Height);
        Assert.Equal(6, png.ColourType);
        Assert.Equal(0, png.Alpha(0, 0));
        Assert.Equal(0, png.Alpha(31, 31));

        var visible = 0;
        for (var y = 0; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                if (png.Alpha(x, y) == 0)
                {
                    continue;
                }

                visible++;
                var (r, g, b) = png.Rgb(x, y);
                Assert.True(r == 255 && g == 255 && b == 255, $"outline.png pixel ({x},{y}) is ({r},{g},{b}), not white");
            }
        }

        Assert.True(visible > 0, "outline.png is fully transparent");
    }

    private static async Task<JsonSchema> LoadSchemaAsync()
    {
        Assert.True(File.Exists(SchemaPath), $"the Teams schema is missing at {SchemaPath}");
        return await JsonSchema.FromFileAsync(SchemaPath);
    }

    private static JsonObject LoadManifest() =>
        JsonNode.Parse(File.ReadAllText(ManifestPath))!.AsObject();

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
                    .Append(error.HasLineInfo ? $" (line {error.LineNumber}, position {error.LinePosition})" : "")
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

    /// <summary>A minimal decoder for 8-bit, non-interlaced RGB/RGBA PNGs (all five row filters).</summary>
    private sealed class Png
    {
        private readonly byte[] _pixels;
        private readonly int _bytesPerPixel;

        private Png(int width, int height, byte colourType, byte[] pixels)
        {
            Width = width;
            Height = height;
            ColourType = colourType;
            _pixels = pixels;
            _bytesPerPixel = colourType == 6 ? 4 : 3;
        }

        public int Width { get; }

        public int Height { get; }

        public byte ColourType { get; }

        public int Alpha(int x, int y) => _bytesPerPixel == 4 ? _pixels[Offset(x, y) + 3] : 255;

        public (int R, int G, int B) Rgb(int x, int y)
        {
            var o = Offset(x, y);
            return (_pixels[o], _pixels[o + 1], _pixels[o + 2]);
        }

        private int Offset(int x, int y) => ((y * Width) + x) * _bytesPerPixel;

        public static Png Read(string path)
        {
            var file = File.ReadAllBytes(path);
            byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
            Assert.True(file.AsSpan(0, 8).SequenceEqual(signature), $"{path} is not a PNG");
            Assert.Equal("IHDR", Encoding.ASCII.GetString(file, 12, 4));

            var width = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(16, 4));
            var height = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(20, 4));
            var bitDepth = file[24];
            var colourType = file[25];
            var interlace = file[28];
            Assert.Equal(8, bitDepth);
            Assert.True(colourType is 2 or 6, $"{path}: colour type {colourType} is not RGB or RGBA");
            Assert.Equal(0, interlace);

            using var idat = new MemoryStream();
            for (var at = 8; at < file.Length;)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at, 4));
                var type = Encoding.ASCII.GetString(file, at + 4, 4);
                if (type == "IDAT")
                {
                    idat.Write(file, at + 8, length);
                }

                at += 12 + length;
            }

            idat.Position = 0;
            using var inflated = new MemoryStream();
            using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
            {
                zlib.CopyTo(inflated);
            }

            var raw = inflated.ToArray();
            var bpp = colourType == 6 ? 4 : 3;
            var stride = width * bpp;
            Assert.Equal(height * (stride + 1), raw.Length);

            var pixels = new byte[height * stride];
            for (var y = 0; y < height; y++)
            {
                var filter = raw[y * (stride + 1)];
                var source = y * (stride + 1) + 1;
                var row = y * stride;
                for (var i = 0; i < stride; i++)
                {
                    int left = i >= bpp ? pixels[row + i - bpp] : 0;
                    int up = y > 0 ? pixels[row - stride + i] : 0;
                    int upLeft = y > 0 && i >= bpp ? pixels[row - stride + i - bpp] : 0;
                    var predictor = filter switch
                    {
                        0 => 0,
                        1 => left,
                        2 => up,
                        3 => (left + up) / 2,
                        4 => Paeth(left, up, upLeft),
                        _ => throw new InvalidDataException($"{path}: unknown PNG filter {filter} on row {y}"),
                    };
                    pixels[row + i] = (byte)(raw[source + i] + predictor);
                }
            }

            return new Png(width, height, colourType, pixels);
        }

        private static int Paeth(int a, int b, int c)
        {
            var p = a + b - c;
            var pa = Math.Abs(p - a);
            var pb = Math.Abs(p - b);
            var pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }
}
