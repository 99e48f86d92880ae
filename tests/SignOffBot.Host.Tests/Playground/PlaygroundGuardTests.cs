using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace SignOffBot.Host.Tests.Playground;

/// <summary>
/// The playground acts for whoever the page names, so only its own page may call it: another site's page cannot post
/// to it (a form, a text/plain fetch without preflight, or a JSON fetch with an Origin), and the page keeps itself out
/// of frames and other origins' scripts.
/// </summary>
public sealed class PlaygroundGuardTests
{
    private static readonly string Approve = new JsonObject
    {
        ["as"] = "ana@example.com",
        ["text"] = "register fraud-detection churn-xgb@7",
    }.ToJsonString();

    [Fact]
    public async Task APostFromAnotherSite_IsRefused_AndChangesNothing()
    {
        await using var host = new PlaygroundFixture();
        var before = await host.AuditCountAsync();

        using var withOrigin = Post("application/json");
        withOrigin.Headers.Add("Origin", "https://evil.example.net");
        var refused = await host.Client.SendAsync(withOrigin);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("https://evil.example.net", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var crossSite = Post("application/json");
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client.SendAsync(crossSite)).StatusCode);

        Assert.Equal(before, await host.AuditCountAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Api.GetAsync($"/api/v1/items/{PlaygroundFixture.Item}")).StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task ABodyThatIsNotJson_IsRefusedWith415_AndChangesNothing(string contentType)
    {
        await using var host = new PlaygroundFixture();
        var before = await host.AuditCountAsync();

        using var request = Post(contentType);
        var refused = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Equal(before, await host.AuditCountAsync());
    }

    [Fact]
    public async Task ThePagesOwnRequests_StillWork()
    {
        await using var host = new PlaygroundFixture();
        using var request = Post("application/json; charset=utf-8");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        request.Headers.Add("Origin", host.Client.BaseAddress!.GetLeftPart(UriPartial.Authority));

        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Api.GetAsync($"/api/v1/items/{PlaygroundFixture.Item}")).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/playground/playground.js")]
    public async Task ThePage_SendsAStrictContentSecurityPolicy_AndNoSniff(string path)
    {
        await using var host = new PlaygroundFixture();

        var page = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
    }

    private static HttpRequestMessage Post(string contentType)
    {
        var content = new StringContent(Approve, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return new HttpRequestMessage(HttpMethod.Post, "/playground/api/commands") { Content = content };
    }
}
