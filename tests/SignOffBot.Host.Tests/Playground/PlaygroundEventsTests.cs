using System.Net;

namespace SignOffBot.Host.Tests.Playground;

/// <summary>Open pages learn of every change at once through server-sent events, then fetch what they show.</summary>
public sealed class PlaygroundEventsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TheEventStream_SaysTheVersionAtOnce_AndAgainWhenAReviewRequestArrives()
    {
        await using var host = new PlaygroundFixture();
        using var cancel = new CancellationTokenSource(Bound);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/playground/api/events");
        using var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        var first = await NextDataAsync(reader, cancel.Token);
        // Through the API, so the only change the playground sees is the outbox delivering the review requests.
        await Infrastructure.ApiJson.RegisterAsync(host.Api, "fraud-detection", "churn-xgb", "7", "ana@example.com");
        var requested = await host.Api.PostAsync($"/api/v1/items/{PlaygroundFixture.Item}/request-feedback", Infrastructure.ApiJson.Body(new { by = "ana@example.com", categories = new[] { "IT & Operations" } }));
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        await host.DeliverAsync();
        var next = await NextDataAsync(reader, cancel.Token);

        Assert.True(next > first, $"{next} after {first}");
        var page = await host.PageAsync("ops@example.com");
        Assert.True((long)page["version"]! >= next);
        Assert.Single(PlaygroundFixture.Lines(page, "dm:ops@example.com"));
    }

    private static async Task<long> NextDataAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return long.Parse(line["data: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new EndOfStreamException("the event stream ended");
    }
}
