using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using SignOffBot.Host.Configuration;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Startup;

/// <summary>SPEC section 7: appsettings.json, appsettings.{Environment}.json, the --config file, environment, command line.</summary>
public sealed class ConfigFileLayeringTests
{
    [Fact]
    public void AddSignOffBotConfigFile_WithConfigAndFile_InsertsItRightAfterTheEnvironmentAppSettings()
    {
        var folder = TempFolder.Create();
        var file = Write(folder, "deployment.json", """{ "A": "file", "B": "file", "C": "file" }""");
        string[] args = ["--config", file, "--B", "cmd"];
        var builder = Layers(folder, args);

        builder.AddSignOffBotConfigFile(args);

        AssertLayeredAt2(builder, "deployment.json");
        using var configuration = (ConfigurationRoot)builder.Build();
        Assert.Equal("file", configuration["A"]);
        Assert.Equal("cmd", configuration["B"]);
        Assert.Equal("file", configuration["C"]);
        Assert.Equal("testing", configuration["D"]);
    }

    [Fact]
    public void AddSignOffBotConfigFile_WithConfigEqualsForm_LayersTheFileTheSameWay()
    {
        var folder = TempFolder.Create();
        var file = Write(folder, "governance.json", """{ "A": "file", "B": "file" }""");
        string[] args = [$"--config={file}"];
        var builder = Layers(folder, args);

        builder.AddSignOffBotConfigFile(args);

        AssertLayeredAt2(builder, "governance.json");
        using var configuration = (ConfigurationRoot)builder.Build();
        Assert.Equal("file", configuration["A"]);
        Assert.Equal("file", configuration["B"]);
    }

    [Fact]
    public void AddSignOffBotConfigFile_WhenAnEnvironmentVariableSetsTheKey_TheEnvironmentWins()
    {
        var folder = TempFolder.Create();
        var variable = "SOBTEST_" + Guid.NewGuid().ToString("N")[..8];
        var file = Write(folder, "deployment.json", $$"""{ "{{variable["SOBTEST_".Length..]}}": "file" }""");
        string[] args = ["--config", file];
        Environment.SetEnvironmentVariable(variable, "environment");
        try
        {
            var builder = Layers(folder, args);
            builder.AddSignOffBotConfigFile(args);

            using var configuration = (ConfigurationRoot)builder.Build();
            Assert.Equal("environment", configuration[variable["SOBTEST_".Length..]]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void AddSignOffBotConfigFile_WhenTheFileDoesNotExist_ThrowsNamingThePath()
    {
        var folder = TempFolder.Create();
        var missing = Path.Combine(folder, "nowhere", "governance.json");
        string[] args = ["--config", missing];
        var builder = Layers(folder, args);

        var thrown = Assert.ThrowsAny<Exception>(() => builder.AddSignOffBotConfigFile(args));

        Assert.Contains(Path.GetFullPath(missing), thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSignOffBotConfigFile_WithARelativePath_ResolvesItFromTheWorkingDirectory()
    {
        var folder = TempFolder.Create();
        var file = Write(folder, "relative.json", """{ "A": "file" }""");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
        string[] args = ["--config", relative];
        var builder = Layers(folder, args);

        builder.AddSignOffBotConfigFile(args);

        AssertLayeredAt2(builder, "relative.json");
        using var configuration = (ConfigurationRoot)builder.Build();
        Assert.Equal("file", configuration["A"]);
    }

    /// <summary>The layers WebApplication.CreateBuilder sets up, with temp appsettings files each setting A and B.</summary>
    private static ConfigurationBuilder Layers(string folder, string[] args)
    {
        var builder = new ConfigurationBuilder();
        builder.AddJsonFile(Write(folder, "appsettings.json", """{ "A": "appsettings", "B": "appsettings", "D": "appsettings" }"""), optional: false, reloadOnChange: false);
        builder.AddJsonFile(Write(folder, "appsettings.Testing.json", """{ "A": "testing", "B": "testing", "D": "testing" }"""), optional: false, reloadOnChange: false);
        builder.AddEnvironmentVariables("SOBTEST_");
        builder.AddCommandLine(args);
        return builder;
    }

    private static void AssertLayeredAt2(ConfigurationBuilder builder, string fileName)
    {
        Assert.Equal(5, builder.Sources.Count);
        Assert.Equal("appsettings.json", Assert.IsType<JsonConfigurationSource>(builder.Sources[0]).Path);
        Assert.Equal("appsettings.Testing.json", Assert.IsType<JsonConfigurationSource>(builder.Sources[1]).Path);
        var layered = Assert.IsType<JsonConfigurationSource>(builder.Sources[2]);
        Assert.Equal(fileName, layered.Path);
        Assert.False(layered.Optional);
        Assert.True(layered.ReloadOnChange);
        Assert.IsType<EnvironmentVariablesConfigurationSource>(builder.Sources[3]);
        Assert.IsType<CommandLineConfigurationSource>(builder.Sources[4]);
    }

    private static string Write(string folder, string name, string json)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, json);
        return path;
    }
}
