using SignOffBot.Host.Configuration;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Configuration;

/// <summary>
/// Starts a host that must refuse to, and returns what it said. Program.cs catches
/// <see cref="InvalidConfigurationException"/>, writes its message to standard error and exits with 1, so under
/// WebApplicationFactory the start fails with the host already disposed; the message is read from standard error.
/// Every test that calls this is in the <see cref="Collection"/> collection, so only one redirects standard error at a time.
/// </summary>
internal static class HostStart
{
    public const string Collection = "Host start refusals (standard error is redirected)";

    /// <summary>Makes a test application, lets <paramref name="configure"/> set its settings, starts it, and disposes it.</summary>
    public static async Task<string> RefusalAsync(Action<HostFixture> configure)
    {
        var app = new HostFixture();
        var captured = new StringWriter();
        var original = Console.Error;
        Console.SetError(TextWriter.Synchronized(captured));
        Exception? thrown;
        try
        {
            configure(app);
            thrown = Record.Exception(() => app.CreateClient());
            // The entry point writes the message as it unwinds, which may finish just after the factory gave up.
            for (var waited = 0; waited < 100 && !captured.ToString().Contains("cannot start", StringComparison.Ordinal); waited++)
            {
                await Task.Delay(50);
            }
        }
        finally
        {
            Console.SetError(original);
            await DisposeRefusedAsync(app);
        }

        Assert.True(thrown is not null, "the host started although its configuration is invalid");
        var invalid = Find(thrown);
        return invalid?.Message ?? captured.ToString();
    }

    /// <summary>
    /// Disposes the factory of a host that never started. Stopping a host whose start failed can itself throw
    /// (Host.StopAsync has no hosted services to stop); that says nothing about the configuration under test.
    /// </summary>
    private static async Task DisposeRefusedAsync(HostFixture app)
    {
        try
        {
            await app.DisposeAsync();
        }
        catch (Exception e) when (e is ArgumentNullException or InvalidOperationException or ObjectDisposedException or AggregateException)
        {
            // The host did not start; there is nothing left running to stop.
        }
    }

    private static InvalidConfigurationException? Find(Exception? thrown) => InvalidConfigurationException.From(thrown);
}

[CollectionDefinition(HostStart.Collection)]
public sealed class HostStartCollection;
