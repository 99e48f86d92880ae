namespace SignOffBot.Host.Tests.Configuration;

/// <summary><c>RateLimits</c> are checked at start; a bucket that would refuse everything stops the host naming its key.</summary>
[Collection(HostStart.Collection)]
public sealed class RateLimitOptionsValidationTests
{
    [Theory]
    [InlineData("RateLimits:Api:PerSecond", "0")]
    [InlineData("RateLimits:Playground:Burst", "-1")]
    public async Task Host_WithALimitBelowOne_RefusesToStart_NamingTheKey(string key, string value)
    {
        var message = await HostStart.RefusalAsync(app => app.Settings[key] = value);

        Assert.Contains("SignOffBot cannot start", message, StringComparison.Ordinal);
        Assert.Contains(key + ": ", message, StringComparison.Ordinal);
    }
}
