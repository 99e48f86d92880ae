namespace SignOffBot.Host.Http;

/// <summary>
/// Turns what escapes an endpoint into a problem: oversized bodies 413, protocol errors their own status,
/// anything else a logged 500 that tells nothing of the internals.
/// </summary>
public static partial class ErrorHandling
{
    public static IApplicationBuilder UseProblemErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is BodyTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await RequestSizeLimit.TooLarge().ExecuteAsync(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await Api.Problems.Status(e.StatusCode, "Bad request", "The request could not be read: " + e.Message).ExecuteAsync(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            var log = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SignOffBot.Host.Errors");
            LogUnhandled(log, e, context.Request.Method, context.Request.Path);
            await Api.Problems.Status(StatusCodes.Status500InternalServerError, "Internal error", "Something went wrong on our side; nothing was changed. Try again, and tell the operators if it persists.").ExecuteAsync(context);
        }
    });

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger log, Exception exception, string method, string path);
}
