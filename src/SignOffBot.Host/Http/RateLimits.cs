using SignOffBot.Host.Configuration;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SignOffBot.Host.Api;

namespace SignOffBot.Host.Http;

/// <summary>
/// ASP.NET Core's rate limiter on <c>/api/v1</c> (a bucket per API key) and on the playground's API (a bucket per
/// client address); past the limit the answer is 429 problem details with <c>Retry-After</c>, and nothing is done. Chat
/// platforms' endpoints are not limited here: their requests are signed, and the platforms pace themselves.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section);
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            limiter.OnRejected = async (rejected, _) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds))
                    : 1;
                var http = rejected.HttpContext;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This {(IsApi(http.Request.Path) ? "API key" : "client")} sent more requests than {RateLimitOptions.Section} allows; nothing was done. Try again in {seconds} s.")
                    .ExecuteAsync(http);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext http)
    {
        var path = http.Request.Path;
        var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (IsApi(path))
        {
            var key = ApiCaller.Authenticate(http);
            return Bucket(key is null ? "api-client:" + Client(http) : "api-key:" + key.Name, options.Api);
        }

        if (path.StartsWithSegments("/playground/api", StringComparison.OrdinalIgnoreCase))
        {
            return Bucket("playground:" + Client(http), options.Playground);
        }

        return RateLimitPartition.GetNoLimiter(string.Empty);
    }

    private static bool IsApi(PathString path) => path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase);

    private static string Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> Bucket(string partition, RateLimit limit) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = limit.PerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,
            QueueLimit = 0,
        });
}
