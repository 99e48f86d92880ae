using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Attestation.AttestationKit;

namespace SignOffBot.Host.Tests.Attestation;

/// <summary><c>GET /.well-known/jwks.json</c> (issue 18): the public keys, current then previous, for anyone to verify with.</summary>
public sealed class JwksEndpointTests
{
    [Fact]
    public async Task KeySet_IsPublicAndCacheable_AndHoldsThePublicHalfNamedByItsThumbprint()
    {
        var pem = NewKeyPem();
        await using var app = new HostFixture();
        SignWith(app, pem);

        var response = await app.CreateClient().GetAsync("/.well-known/jwks.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: > 0 }, $"cacheable: {response.Headers.CacheControl}");
        var key = Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["keys"]!.AsArray())!.AsObject();
        var expected = PublicJwk(pem);
        expected["alg"] = "ES256";
        expected["use"] = "sig";
        Assert.True(JsonNode.DeepEquals(expected, key), key.ToJsonString());
    }

    [Fact]
    public async Task KeySet_PublishesThePreviousKeys_AfterTheCurrentOne_AsJwkOrPem()
    {
        var (current, first, second) = (NewKeyPem(), NewKeyPem(), NewKeyPem());
        await using var app = new HostFixture();
        SignWith(app, current, first);
        using (var key = System.Security.Cryptography.ECDsa.Create())
        {
            key.ImportFromPem(second);
            app.Settings["Attestation:PreviousKeys:1:Pem"] = key.ExportSubjectPublicKeyInfoPem();
        }

        var keys = JsonNode.Parse(await JwksAsync(app))!["keys"]!.AsArray();

        Assert.Equal(
            [PublicJwk(current)["kid"]!.GetValue<string>(), PublicJwk(first)["kid"]!.GetValue<string>(), PublicJwk(second)["kid"]!.GetValue<string>()],
            keys.Select(k => (string)k!["kid"]!));
        Assert.All(keys, k => Assert.Null(k!["d"]));
    }

    [Fact]
    public async Task KeySet_WithoutASigningKey_IsEmpty_ButPreviousKeysStillVerify()
    {
        var old = NewKeyPem();
        await using var app = new HostFixture();
        await using var retired = new HostFixture();
        foreach (var (member, value) in PublicJwk(old))
        {
            retired.Settings[$"Attestation:PreviousKeys:0:{member}"] = (string?)value;
        }

        Assert.Equal("""{"keys":[]}""", await JwksAsync(app));
        Assert.Equal(PublicJwk(old)["kid"]!.GetValue<string>(), (string?)JsonNode.Parse(await JwksAsync(retired))!["keys"]![0]!["kid"]);
    }
}
