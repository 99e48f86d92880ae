using Microsoft.AspNetCore.Http.Features;

namespace SignOffBot.Host.Http;

/// <summary>
/// Bodies over 1 MiB are refused with 413 on every endpoint, whether announced by Content-Length or streamed. A streamed
/// (chunked) body is read whole before the endpoint runs, so one that does not read its body refuses it too; the count
/// is of the body's own bytes, not of the chunk framing around them.
/// </summary>
public static class RequestSizeLimit
{
    public const long MaxBodyBytes = 1_048_576;

    /// <summary>
    /// Kestrel's own limit, which counts a chunked body's framing too: a backstop well above <see cref="MaxBodyBytes"/>,
    /// so the exact limit is this middleware's.
    /// </summary>
    public const long MaxFramedBodyBytes = 4 * MaxBodyBytes;

    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            await TooLarge().ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxFramedBodyBytes;
        }

        request.Body = new LimitedReadStream(request.Body, MaxBodyBytes);
        if (request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true })
        {
            var whole = new MemoryStream();
            await request.Body.CopyToAsync(whole, context.RequestAborted);
            whole.Position = 0;
            request.Body = whole;
        }

        await next(context);
    });

    public static IResult TooLarge() => Api.Problems.Status(
        StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Request bodies are limited to {MaxBodyBytes:N0} bytes (1 MiB).");
}
