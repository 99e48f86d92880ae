using SignOffBot.Core.Notifications;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using System.Text.Json.Nodes;
using SignOffBot.Host.Api;

namespace SignOffBot.Host.Outbox;

/// <summary>
/// <c>GET /api/v1/outbox/dead</c>: the dead letters (deliveries given up on) with their platform, target and last error,
/// newest first; <c>POST /api/v1/outbox/dead/{id}/retry</c> puts one back in the queue.
/// </summary>
public static class OutboxEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapOutboxApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/outbox");
        group.MapGet("/dead", DeadLetters).RequireApiKey(ApiScopes.AuditRead, everyProject: "the outbox");
        group.MapPost("/dead/{id}/retry", Retry).RequireApiKey(ApiScopes.OutboxWrite, everyProject: "the outbox");
        return group;
    }

    private static IResult DeadLetters(int? limit, IOutboxStore store)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"limit is between 1 and {MaxLimit} (default {DefaultLimit}).");
        }

        var body = new JsonArray([.. store.Dead(limit ?? DefaultLimit).Select(View)]);
        return TypedResults.Text(body.ToJsonString(), "application/json; charset=utf-8");
    }

    private static IResult Retry(string id, IOutboxStore store, OutboxSignal signal, TimeProvider time)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return Problems.BadRequest("The id is a dead letter's number, as GET /api/v1/outbox/dead lists it.");
        }

        if (!store.RetryDead(number, time.GetUtcNow().UtcDateTime))
        {
            return Problems.NotFound($"There is no dead letter {number}.");
        }

        signal.Notify();
        return TypedResults.Text(new JsonObject { ["id"] = number, ["status"] = OutboxStatus.Waiting }.ToJsonString(), "application/json; charset=utf-8");
    }

    private static JsonObject View(OutboxMessage message) => new()
    {
        ["id"] = message.Id,
        ["createdAt"] = Api.ApiViews.Time(new DateTimeOffset(Utc(message.CreatedAt))),
        ["platform"] = message.Platform,
        ["target"] = message.Target,
        ["kind"] = message.Kind,
        ["item"] = message.Item,
        ["attempts"] = message.Attempts,
        ["lastError"] = message.LastError,
        ["notice"] = Notice(message.Notice),
    };

    private static DateTime Utc(DateTime at) =>
        at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : DateTime.SpecifyKind(at, DateTimeKind.Utc);

    /// <summary>
    /// The stored notice as one object: its <c>kind</c> and the notice's own fields, a time marked for a chat reader
    /// (<see cref="ReaderTime"/>) written in UTC, as everywhere in the API.
    /// </summary>
    private static JsonObject Notice(string stored)
    {
        var notice = new JsonObject();
        if (JsonNode.Parse(stored) is not JsonObject envelope)
        {
            return notice;
        }

        notice["kind"] = envelope["kind"]?.DeepClone();
        if (envelope["body"] is JsonObject fields)
        {
            foreach (var (name, value) in fields)
            {
                if (name != "kind")
                {
                    notice[name] = value is JsonValue v && v.TryGetValue<string>(out var text) ? JsonValue.Create(ReaderTime.InUtc(text)) : value?.DeepClone();
                }
            }
        }

        return notice;
    }
}
