using System.Net;
using System.Text.RegularExpressions;

namespace SignOffBot.Host.Tests.Playground;

/// <summary>The page is served by the host, with the Adaptive Cards renderer the build installed; nothing comes from elsewhere.</summary>
public sealed partial class PlaygroundPageTests
{
    [Fact]
    public async Task ThePage_HasTheNamedControls_AndLoadsOnlyFilesOfTheHost()
    {
        await using var host = new PlaygroundFixture();

        var response = await host.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<label for=\"person\">You are</label>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"command\">Command</label>", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" id=\"send\">Send</button>", html, StringComparison.Ordinal);
        var references = Reference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.Equal(["/playground/playground.css", "/playground/vendor/adaptivecards.min.js", "/playground/playground.js"], references);
        foreach (var url in references)
        {
            var file = await host.Client.GetAsync(url);
            Assert.True(file.StatusCode == HttpStatusCode.OK, $"{url}: {(int)file.StatusCode}");
        }
    }

    [Fact]
    public async Task TheRenderer_IsTheOfficialAdaptiveCardsBundle_InstalledByTheBuild()
    {
        await using var host = new PlaygroundFixture();

        var response = await host.Client.GetAsync("/playground/vendor/adaptivecards.min.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        var script = await response.Content.ReadAsStringAsync();
        Assert.True(script.Length > 100_000, $"only {script.Length} characters");
        Assert.Contains("AdaptiveCards", script, StringComparison.Ordinal);
        var installed = Path.Combine(AdaptiveCards.CardTools.Root, "src", "SignOffBot.Host", "obj", "playground", "node_modules", "adaptivecards", "dist", "adaptivecards.min.js");
        Assert.Equal(await File.ReadAllTextAsync(installed), script);
    }

    [Theory]
    [InlineData("/playground/nothing.js")]
    [InlineData("/playground/../appsettings.sample.json")]
    [InlineData("/playground/%2e%2e/appsettings.sample.json")]
    [InlineData("/playground/vendor/adaptivecards.css")]
    [InlineData("/playground/index.json")]
    public async Task AnythingElse_Is404(string url)
    {
        await using var host = new PlaygroundFixture();

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(url)).StatusCode);
    }

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex Reference();
}
