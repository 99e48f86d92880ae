using SignOffBot.Host.Teams;
using SignOffBot.Testing.Teams;

namespace SignOffBot.Host.Tests.Configuration;

/// <summary><c>Teams:AllowedTenants</c> (and the <c>Teams:TenantId</c> it defaults to) are tenant GUIDs, checked at start.</summary>
[Collection(HostStart.Collection)]
public sealed class TeamsTenantsValidationTests
{
    [Fact]
    public async Task Host_WithAnAllowedTenantThatIsNoGuid_RefusesToStart_NamingTheKey()
    {
        await using var bot = await FakeBotFramework.StartAsync();

        var message = await HostStart.RefusalAsync(app =>
        {
            foreach (var (key, value) in bot.Settings())
            {
                app.Settings[key] = value;
            }

            app.Settings["Teams:AllowedTenants:0"] = FakeBotFramework.DefaultTenantId;
            app.Settings["Teams:AllowedTenants:1"] = "contoso.onmicrosoft.com";
        });

        Assert.Contains("SignOffBot cannot start", message, StringComparison.Ordinal);
        Assert.Contains("Teams:AllowedTenants:1: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Teams:AllowedTenants:0", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "not-a-guid" }, "", "Teams:AllowedTenants:0")]
    [InlineData(new[] { "" }, "", "Teams:AllowedTenants:0")]
    [InlineData(new string[0], "contoso.onmicrosoft.com", "Teams:TenantId")]
    public void Problems_NameATenantThatIsNoGuid(string[] allowed, string tenantId, string key)
    {
        var options = new TeamsOptions { AppId = FakeBotFramework.DefaultAppId, AppPassword = "secret", TenantId = tenantId, AllowedTenants = [.. allowed] };

        Assert.Contains(options.Problems(), p => p.StartsWith(key + ": ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new string[0], FakeBotFramework.DefaultTenantId)]
    [InlineData(new string[0], "")]
    [InlineData(new[] { "72F988BF-0000-0000-0000-000000000001", "0b5e0000-0000-0000-0000-0000000f0e1a" }, "")]
    [InlineData(new[] { "0b5e0000-0000-0000-0000-0000000f0e1a" }, "contoso.onmicrosoft.com")]
    public void Problems_AcceptTenantGuids_AndNoPin(string[] allowed, string tenantId)
    {
        var options = new TeamsOptions { AppId = FakeBotFramework.DefaultAppId, AppPassword = "secret", TenantId = tenantId, AllowedTenants = [.. allowed] };

        Assert.Empty(options.Problems());
    }

    [Fact]
    public void TheAllowedTenants_DefaultToTheBotsTenant_AreCompared_IgnoringCase()
    {
        var pinned = new TeamsOptions { TenantId = FakeBotFramework.DefaultTenantId };
        var listed = new TeamsOptions { TenantId = FakeBotFramework.DefaultTenantId, AllowedTenants = ["0B5E0000-0000-0000-0000-0000000F0E1A"] };
        var open = new TeamsOptions();

        Assert.True(pinned.AllowsTenant(FakeBotFramework.DefaultTenantId.ToUpperInvariant()));
        Assert.False(pinned.AllowsTenant("0b5e0000-0000-0000-0000-0000000f0e1a"));
        Assert.False(pinned.AllowsTenant(null));
        Assert.True(listed.AllowsTenant("0b5e0000-0000-0000-0000-0000000f0e1a"));
        Assert.False(listed.AllowsTenant(FakeBotFramework.DefaultTenantId));
        Assert.True(open.AcceptsAnyTenant);
        Assert.True(open.AllowsTenant("0b5e0000-0000-0000-0000-0000000f0e1a"));
    }
}
