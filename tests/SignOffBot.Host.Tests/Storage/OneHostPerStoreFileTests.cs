using System.Net;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Storage;

/// <summary>
/// A host holds its LiteDB store file for itself: a second host started on the same file (two writers, one of them
/// reading a log the other is still folding in) is refused at start, and the first goes on.
/// </summary>
public sealed class OneHostPerStoreFileTests
{
    [Fact]
    public async Task ASecondHostOnTheSameStoreFile_IsRefusedAtStart_AndTheFirstGoesOn()
    {
        var first = new HostFixture();
        var second = new HostFixture(first.DatabasePath);
        try
        {
            using var client = first.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

            var refused = Assert.ThrowsAny<Exception>(() => second.CreateClient());

            Assert.Contains(Chain(refused), e => e is IOException);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            // The first host first: the second never opened the file, and waits for it to be closed.
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException all)
            {
                foreach (var inner in all.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
