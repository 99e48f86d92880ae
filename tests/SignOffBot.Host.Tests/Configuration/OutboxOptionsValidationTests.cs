namespace SignOffBot.Host.Tests.Configuration;

/// <summary><c>Outbox</c> paces are checked at start; a negative or very long one stops the host naming its key.</summary>
[Collection(HostStart.Collection)]
public sealed class OutboxOptionsValidationTests
{
    [Theory]
    [InlineData("Outbox:SlackPace", "-00:00:01")]
    [InlineData("Outbox:TeamsPace", "00:05:00")]
    public async Task Host_WithAPaceOutOfRange_RefusesToStart_NamingTheKey(string key, string value)
    {
        var message = await HostStart.RefusalAsync(app => app.Settings[key] = value);

        Assert.Contains("SignOffBot cannot start", message, StringComparison.Ordinal);
        Assert.Contains(key + ": ", message, StringComparison.Ordinal);
    }
}
