using Microsoft.AspNetCore.Http.Features;

namespace SignOffBot.Host.Http;

/// <summary>Bodies over 1 MiB are refused with 413 on every endpoint, whether announced by Content-Length or streamed.</summary>
public static class RequestSizeLimit
{
    public const long MaxBodyBytes = 1_048_576;

    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await TooLarge().ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        context.Request.Body = new LimitedReadStream(context.Request.Body, MaxBodyBytes);
        await next(context);
    });

    public static IResult TooLarge() => Api.Problems.Status(
        StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Request bodies are limited to {MaxBodyBytes:N0} bytes (1 MiB).");
}
