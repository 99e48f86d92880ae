using SignOffBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using SignOffBot.Host.Configuration;

namespace SignOffBot.Host.Tests.Configuration;

/// <summary>
/// The <c>--config</c> / <c>SIGNOFFBOT_CONFIG</c> file sits after <c>appsettings.{Environment}.json</c> and before
/// environment variables and the command line (SPEC section 7). These tests set <c>SIGNOFFBOT_CONFIG</c>, which every
/// host start reads, so they run alone.
/// </summary>
[Collection(ConfigFileLayeringTests.Collection)]
public sealed class ConfigFileLayeringTests : IDisposable
{
    public const string Collection = "SIGNOFFBOT_CONFIG is set";

    private readonly string _folder = TempFolder.Create();
    private readonly string? _savedConfigVariable = Environment.GetEnvironmentVariable(ConfigFileLayering.EnvironmentVariable);
    private readonly string _section = "LayeringTest" + Guid.NewGuid().ToString("N");
    private readonly List<string> _setVariables = [];

    public ConfigFileLayeringTests()
    {
        Environment.SetEnvironmentVariable(ConfigFileLayering.EnvironmentVariable, null);
    }

    [Fact]
    public void ConfigFile_SitsAfterTheAppSettingsFiles_AndBeforeEnvironmentAndCommandLine()
    {
        var file = WriteLayerFiles();
        SetVariable("Everywhere", "environment");
        SetVariable("UpToEnvironment", "environment");
        string[] args = ["--config", file, $"--{_section}:Everywhere=command-line"];

        var builder = Layers(args).AddSignOffBotConfigFile(args);
        var configuration = builder.Build();

        Assert.Equal("command-line", Value(configuration, "Everywhere"));
        Assert.Equal("environment", Value(configuration, "UpToEnvironment"));
        Assert.Equal("config-file", Value(configuration, "UpToConfigFile"));
        Assert.Equal("config-file", Value(configuration, "AppSettingsAndConfigFile"));
        Assert.Equal("appsettings.Testing.json", Value(configuration, "AppSettingsFiles"));
        Assert.Equal("appsettings.json", Value(configuration, "AppSettingsOnly"));
        Assert.Equal(
            ["appsettings.json", "appsettings.Testing.json", "custom.json", "environment", "command line"],
            builder.Sources.Select(Describe));
    }

    [Fact]
    public void ConfigFile_GivenAsARelativePath_IsReadFromTheWorkingDirectory()
    {
        var file = WriteLayerFiles();
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
        string[] args = ["--config", relative];

        var configuration = Layers(args).AddSignOffBotConfigFile(args).Build();

        Assert.False(Path.IsPathRooted(relative));
        Assert.Equal("config-file", Value(configuration, "UpToConfigFile"));
    }

    [Fact]
    public void ConfigFile_GivenAsConfigEqualsFile_IsLayeredTheSameWay()
    {
        var file = WriteLayerFiles();
        string[] args = [$"--config={file}"];

        var builder = Layers(args).AddSignOffBotConfigFile(args);

        Assert.Equal(file, ConfigFileLayering.FindConfigFile(args));
        Assert.Equal("config-file", Value(builder.Build(), "AppSettingsAndConfigFile"));
        Assert.Equal(2, builder.Sources.ToList().FindIndex(s => Describe(s) == "custom.json"));
    }

    [Fact]
    public void ConfigFile_FromTheEnvironmentVariable_IsLayeredTheSameWay_AndTheCommandLineOptionWins()
    {
        var file = WriteLayerFiles();
        Environment.SetEnvironmentVariable(ConfigFileLayering.EnvironmentVariable, file);

        var builder = Layers([]).AddSignOffBotConfigFile([]);

        Assert.Equal(file, ConfigFileLayering.FindConfigFile([]));
        Assert.Equal("config-file", Value(builder.Build(), "UpToConfigFile"));
        Assert.Equal(
            ["appsettings.json", "appsettings.Testing.json", "custom.json", "environment", "command line"],
            builder.Sources.Select(Describe));

        var other = Path.Combine(_folder, "other.json");
        File.WriteAllText(other, "{}");
        Assert.Equal(other, ConfigFileLayering.FindConfigFile(["--config", other]));
    }

    [Fact]
    public void NoConfigFile_LeavesTheSourcesAsTheyAre()
    {
        WriteLayerFiles();
        var builder = Layers([]);
        var before = builder.Sources.Select(Describe).ToList();

        builder.AddSignOffBotConfigFile(["--urls", "http://localhost:5001"]);

        Assert.Null(ConfigFileLayering.FindConfigFile([]));
        Assert.Equal(before, builder.Sources.Select(Describe));
    }

    [Fact]
    public void WithoutAppSettingsFiles_TheFileGoesBeforeTheEnvironmentVariables()
    {
        var file = WriteLayerFiles();
        SetVariable("UpToEnvironment", "environment");
        var builder = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine([]);

        builder.AddSignOffBotConfigFile(["--config", file]);

        Assert.Equal(["custom.json", "environment", "command line"], builder.Sources.Select(Describe));
        Assert.Equal("environment", Value(builder.Build(), "UpToEnvironment"));
    }

    [Fact]
    public void MissingFile_GivenOnTheCommandLine_IsAClearErrorNamingThePath()
    {
        var missing = Path.Combine(_folder, "nowhere", "governance.json");

        var error = Assert.Throws<InvalidOperationException>(() => Layers([]).AddSignOffBotConfigFile(["--config", missing]));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("--config", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_GivenByTheEnvironmentVariable_IsAClearErrorNamingThePath()
    {
        var missing = Path.Combine(_folder, "gone.json");
        Environment.SetEnvironmentVariable(ConfigFileLayering.EnvironmentVariable, missing);

        var error = Assert.Throws<InvalidOperationException>(() => Layers([]).AddSignOffBotConfigFile([]));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains(ConfigFileLayering.EnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ConfigFileLayering.EnvironmentVariable, _savedConfigVariable);
        foreach (var name in _setVariables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    private static string Describe(IConfigurationSource source) => source switch
    {
        JsonConfigurationSource json => json.Path!,
        EnvironmentVariablesConfigurationSource => "environment",
        CommandLineConfigurationSource => "command line",
        _ => source.GetType().Name,
    };

    /// <summary>The host's own layers, in the order WebApplication.CreateBuilder adds them.</summary>
    private IConfigurationBuilder Layers(string[] args) => new ConfigurationBuilder()
        .SetBasePath(_folder)
        .AddJsonFile("appsettings.json", optional: true)
        .AddJsonFile("appsettings.Testing.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args);

    /// <summary>Each key is set in the layers its name says; its value names the latest layer holding it.</summary>
    private string WriteLayerFiles()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), Json(new()
        {
            ["Everywhere"] = "appsettings.json",
            ["UpToEnvironment"] = "appsettings.json",
            ["UpToConfigFile"] = "appsettings.json",
            ["AppSettingsAndConfigFile"] = "appsettings.json",
            ["AppSettingsFiles"] = "appsettings.json",
            ["AppSettingsOnly"] = "appsettings.json",
        }));
        File.WriteAllText(Path.Combine(_folder, "appsettings.Testing.json"), Json(new()
        {
            ["Everywhere"] = "appsettings.Testing.json",
            ["UpToEnvironment"] = "appsettings.Testing.json",
            ["UpToConfigFile"] = "appsettings.Testing.json",
            ["AppSettingsFiles"] = "appsettings.Testing.json",
        }));
        var file = Path.Combine(_folder, "custom.json");
        File.WriteAllText(file, Json(new()
        {
            ["Everywhere"] = "config-file",
            ["UpToEnvironment"] = "config-file",
            ["UpToConfigFile"] = "config-file",
            ["AppSettingsAndConfigFile"] = "config-file",
        }));
        return file;
    }

    private string Json(Dictionary<string, string> values) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>> { [_section] = values });

    private void SetVariable(string key, string value)
    {
        var name = $"{_section}__{key}";
        _setVariables.Add(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    private string? Value(IConfiguration configuration, string key) => configuration[$"{_section}:{key}"];
}

[CollectionDefinition(ConfigFileLayeringTests.Collection, DisableParallelization = true)]
public sealed class ConfigFileLayeringCollection;
