using SignOffBot.Host.AdaptiveCards;

namespace SignOffBot.Host.Tests.AdaptiveCards;

public sealed class BypassCardTests
{
    [Fact]
    public void PendingBypass_HasGrantAndDenyButtons_WithTheBypassId()
    {
        var bypass = CardScenarios.Bypasses().First(b => b.Name == "pending").Bypass;

        var card = BypassCard.Build(bypass, "Ana Ortiz", "Omar Haddad, Lee Min-jun", CardScenarios.BypassDrawnAt);

        Assert.Equal("1.5", (string?)card["version"]);
        var buttons = card["body"]!.AsArray().Where(e => (string?)e!["type"] == "ActionSet").SelectMany(s => s!["actions"]!.AsArray()).ToList();
        Assert.Equal(
            [("Grant", "bypass.grant"), ("Deny", "bypass.deny")],
            buttons.Select(b => ((string)b!["title"]!, (string)b["verb"]!)));
        Assert.All(buttons, b =>
        {
            Assert.Equal("Action.Execute", (string?)b!["type"]);
            Assert.Equal("""{"bypass":"byp-01HZX3"}""", b["data"]!.ToJsonString());
        });
        var text = card.ToJsonString(CardJsonTestOptions.Relaxed);
        Assert.Contains("Emergency bypass: fraud-detection/churn-xgb@7", text, StringComparison.Ordinal);
        Assert.Contains("INC-4711", text, StringComparison.Ordinal);
        Assert.Contains("Omar Haddad, Lee Min-jun", text, StringComparison.Ordinal);
        Assert.Contains("prod-api", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("granted")]
    [InlineData("denied")]
    public void DecidedBypass_ShowsTheDecision_AndNoButtons(string name)
    {
        var bypass = CardScenarios.Bypasses().First(b => b.Name == name).Bypass;

        var card = BypassCard.Build(bypass, "Ana Ortiz", "Omar Haddad, Lee Min-jun", CardScenarios.BypassDrawnAt);

        Assert.DoesNotContain("Action.Execute", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(name, card.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(bypass.DecidedBy!, card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GrantedBypass_DrawnAfterItsTime_ShowsItExpired()
    {
        var bypass = CardScenarios.Bypasses().First(b => b.Name == "granted").Bypass;

        var before = BypassCard.Build(bypass, "Ana Ortiz", "Omar Haddad, Lee Min-jun", CardScenarios.BypassDrawnAt).ToJsonString();
        var after = BypassCard.Build(bypass, "Ana Ortiz", "Omar Haddad, Lee Min-jun", CardScenarios.AfterBypassExpired).ToJsonString();

        Assert.Contains("""{"title":"Status","value":"granted"}""", before, StringComparison.Ordinal);
        Assert.Contains("""{"title":"Status","value":"expired"}""", after, StringComparison.Ordinal);
        Assert.Contains("Expired at {{DATE(2026-03-02T13:07:00Z, SHORT)}} {{TIME(2026-03-02T13:07:00Z)}}", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Action.Execute", after, StringComparison.Ordinal);
    }
}
