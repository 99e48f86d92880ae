using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Outbox;

namespace SignOffBot.Host.Tests.Infrastructure;

/// <summary>Drives the real host's outbox in fake time, for hosts whose platforms are played by loopback fakes.</summary>
internal static class OutboxDriver
{
    /// <summary>
    /// Drives dispatcher rounds until <paramref name="done"/> holds, advancing fake time by a second whenever a round
    /// (or a client's own inline retry wait inside it) is waiting, and between rounds, so backoffs and Retry-After pass.
    /// Bounded by 15 s.
    /// </summary>
    public static async Task DriveUntilAsync(HostFixture app, Func<Task<bool>> done)
    {
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        var deadline = Environment.TickCount64 + 15_000;
        while (!await done())
        {
            Assert.True(Environment.TickCount64 < deadline, "the outbox did not get there within 15 s");
            var round = dispatcher.DispatchDueAsync(CancellationToken.None);
            while (!round.IsCompleted)
            {
                Assert.True(Environment.TickCount64 < deadline, "a dispatcher round did not finish within 15 s");
                app.Time.Advance(TimeSpan.FromSeconds(1));
                await Task.WhenAny(round, Task.Delay(20));
            }

            await round;
            if (!await done())
            {
                app.Time.Advance(TimeSpan.FromSeconds(1));
            }
        }
    }
}
