using System.Net;
using System.Text;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary>Request bodies over 1 MiB (1,048,576 bytes) are refused with 413, whether announced or streamed.</summary>
public sealed class RequestSizeLimitApiTests
{
    private const int Limit = 1_048_576;

    private const string Item = """{"project":"fraud-detection","name":"churn-xgb","version":"7","kind":"model","risk":"low","owner":"ana@example.com"}""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Register_OverOneMiB_Is413AndStoresNothing(bool chunked)
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        var response = await client.PostAsync("/api/v1/items", Content(Padded(Item, Limit + 1), chunked));

        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1,048,576", Detail(problem), StringComparison.Ordinal);
        await AssertProblemAsync(await client.GetAsync(Churn7Url), HttpStatusCode.NotFound);
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Register_WithAHugeFieldOverOneMiB_Is413AndStoresNothing(bool chunked)
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);
        var body = Item.Replace("\"model\"", "\"model\",\"evidence\":{\"modelCard\":\"https://example.com/" + new string('a', Limit) + "\"}", StringComparison.Ordinal);

        var response = await client.PostAsync("/api/v1/items", Content(Encoding.UTF8.GetBytes(body), chunked));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertProblemAsync(await client.GetAsync(Churn7Url), HttpStatusCode.NotFound);
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Register_OfExactlyOneMiB_IsAccepted(bool chunked)
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        var response = await client.PostAsync("/api/v1/items", Content(Padded(Item, Limit), chunked));

        await AssertOkAsync(response, HttpStatusCode.Created);
        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData("/api/v1/items/fraud-detection/churn-xgb@7/request-feedback", false)]
    [InlineData("/api/v1/items/fraud-detection/churn-xgb@7/request-feedback", true)]
    [InlineData("/api/v1/items/fraud-detection/churn-xgb@7/request-final", false)]
    [InlineData("/api/v1/items/fraud-detection/churn-xgb@7/request-final", true)]
    [InlineData("/api/v1/deploy-check/confirm", false)]
    [InlineData("/api/v1/deploy-check/confirm", true)]
    public async Task OtherPosts_OverOneMiB_Are413AndChangeNothing(string url, bool chunked)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        var body = url.EndsWith("/confirm", StringComparison.Ordinal)
            ? """{"item":"fraud-detection/churn-xgb@7","infrastructure":"staging-api","by":"ana@example.com","reason":"r"}"""
            : """{"by":"ana@example.com"}""";

        var response = await client.PostAsync(url, Content(Padded(body, Limit + 1), chunked));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(1, await AuditEventCountAsync(app));
        Assert.Equal("not-started", (string?)(await AssertOkAsync(await client.GetAsync(Churn7Url)))["signOff"]!["state"]);
    }

    [Theory]
    [InlineData("/api/v1/deploy-check?item=fraud-detection/churn-xgb@7&infrastructure=prod-api")]
    [InlineData("/api/v1/audit/verify")]
    public async Task Gets_WithAnAnnouncedBodyOverOneMiB_Are413(string url)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Content = Content(Padded("{}", Limit + 1), chunked: false) };

        await AssertProblemAsync(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    /// <summary>The JSON followed by spaces (still valid JSON) up to exactly <paramref name="length"/> bytes.</summary>
    private static byte[] Padded(string json, int length)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var padded = new byte[length];
        Array.Fill(padded, (byte)' ');
        bytes.CopyTo(padded, 0);
        return padded;
    }

    private static HttpContent Content(byte[] body, bool chunked)
    {
        HttpContent content = chunked ? new StreamContent(new UnknownLengthStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (chunked)
        {
            Assert.Null(content.Headers.ContentLength);
        }
        else
        {
            Assert.Equal(body.Length, content.Headers.ContentLength);
        }

        return content;
    }

    /// <summary>A body whose length is not known up front, so it is sent chunked without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 64 * 1024));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
