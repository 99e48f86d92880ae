namespace SignOffBot.Host.Tests.Configuration;

/// <summary>The host itself refuses to start on invalid governance, with a message naming the key.</summary>
[Collection(HostStart.Collection)]
public sealed class HostRefusesInvalidGovernanceTests
{
    [Theory]
    [MemberData(nameof(GovernanceValidationTests.Mistakes), MemberType = typeof(GovernanceValidationTests))]
    public async Task Host_WithTheMistakeConfigured_RefusesToStart_NamingTheKey(string mistake, string key)
    {
        var settings = GovernanceFixtures.AsSettings(GovernanceValidationTests.WithMistake(mistake));

        var message = await HostStart.RefusalAsync(app =>
        {
            foreach (var (name, value) in settings)
            {
                app.Settings[name] = value;
            }
        });

        Assert.Contains("SignOffBot cannot start: the configuration is invalid.", message, StringComparison.Ordinal);
        Assert.Contains(key + ": ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithManyMistakes_NamesEveryKeyInOneMessage()
    {
        var options = GovernanceFixtures.Valid();
        options.Projects[0].FinalApprover = null;
        options.Infrastructures[0].Policy = "block";
        options.People[0].TimeZone = "Nowhere/Special";
        var settings = GovernanceFixtures.AsSettings(options);

        var message = await HostStart.RefusalAsync(app =>
        {
            foreach (var (name, value) in settings)
            {
                app.Settings[name] = value;
            }
        });

        Assert.Contains("\n  Governance:Projects:0:FinalApprover: ", message, StringComparison.Ordinal);
        Assert.Contains("\n  Governance:Infrastructures:0:Policy: ", message, StringComparison.Ordinal);
        Assert.Contains("\n  Governance:People:0:TimeZone: ", message, StringComparison.Ordinal);
    }
}
