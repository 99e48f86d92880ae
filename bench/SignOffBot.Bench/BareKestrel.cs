using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SignOffBot.Bench;

/// <summary>
/// The limit deploy-checks are quoted against: Kestrel with one minimal-API GET that answers a constant JSON body the
/// size of a deploy-check answer, in its own process, with the same logging level as the host under test.
/// </summary>
internal static class BareKestrel
{
    private const string Answer =
        "{\"item\":\"fraud-detection/fleet@1\",\"infrastructure\":\"prod-api\",\"decision\":\"blocked\",\"reason\":\"fraud-detection/fleet@1 is feedback-requested, not approved; prod-api (policy prevent) accepts approved items only. Still needed: the final approval by group model-risk, not yet requested.\",\"state\":\"feedback-requested\",\"policy\":\"prevent\",\"approvedBy\":null,\"approvedAt\":null,\"bypass\":null,\"confirmation\":null}";

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/ping", () => Results.Text(Answer, "application/json"));
        await app.RunAsync();
    }
}
