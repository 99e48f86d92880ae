using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SignOffBot.Host.Tests.Slack.WebApi;

/// <summary>One request the fake received, as it came over the wire.</summary>
internal sealed record SlackCall(string HttpMethod, string Path, string Query, string? Authorization, string? ContentType, string Body)
{
    /// <summary>The Web API method name (<c>chat.postMessage</c>) for calls under <c>/api/</c>.</summary>
    public string ApiMethod => Path.StartsWith("/api/", StringComparison.Ordinal) ? Path["/api/".Length..] : "";

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

/// <summary>A scripted answer; a null body is sent as no body at all. <paramref name="Delay"/> (real time) comes before it, to make an attempt time out.</summary>
internal sealed record SlackAnswer(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, string ContentType = "application/json; charset=utf-8", TimeSpan Delay = default)
{
    public static SlackAnswer Ok(string json = """{"ok":true}""") => new(200, json);

    public static SlackAnswer Error(string code) => new(200, $$"""{"ok":false,"error":"{{code}}"}""");

    public static SlackAnswer RateLimited(int seconds) => new(429, null, new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });
}

/// <summary>
/// A loopback Slack for the Web API client on Kestrel at http://127.0.0.1:0: the Web API under <c>/api/{method}</c>
/// (wants <c>Authorization: Bearer {token}</c>, else <c>not_authed</c>/<c>invalid_auth</c> like Slack), response_urls
/// under <c>/hooks/{id}</c> and a redirect target under <c>/elsewhere/</c>. Records every request; answers from
/// <see cref="Always"/>, then <see cref="Script"/>, then with Slack's usual success shapes.
/// </summary>
internal sealed class WebApiFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _token;

    private WebApiFake(WebApplication app, string token)
    {
        _app = app;
        _token = token;
    }

    /// <summary>e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>What <c>Slack:ApiBaseUrl</c> points at.</summary>
    public string ApiBaseUrl => BaseUrl + "api/";

    public ConcurrentQueue<SlackCall> Calls { get; } = new();

    public ConcurrentQueue<SlackAnswer> Script { get; } = new();

    public Func<SlackCall, SlackAnswer?>? Always { get; set; }

    public int Count(string apiMethod) => Calls.Count(c => c.ApiMethod == apiMethod);

    public static async Task<WebApiFake> StartAsync(string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new WebApiFake(app, token);
        app.Map("/{**rest}", fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake.BaseUrl = address.TrimEnd('/') + "/";
        return fake;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var authorization = context.Request.Headers.Authorization.ToString();
        var call = new SlackCall(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            authorization.Length == 0 ? null : authorization,
            context.Request.ContentType,
            body);
        Calls.Enqueue(call);

        var answer = Always?.Invoke(call) ?? (Script.TryDequeue(out var scripted) ? scripted : Canonical(call, context.Request.Query));
        if (answer.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // The client gave up on this attempt.
            }
        }

        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (answer.Body is not null)
        {
            context.Response.ContentType = answer.ContentType;
            await context.Response.WriteAsync(answer.Body);
        }
    }

    private SlackAnswer Canonical(SlackCall call, IQueryCollection query)
    {
        if (call.Path.StartsWith("/hooks/", StringComparison.Ordinal))
        {
            return SlackAnswer.Ok();
        }

        if (call.ApiMethod.Length == 0)
        {
            return new SlackAnswer(404, "not found", ContentType: "text/plain");
        }

        if (call.Authorization is null)
        {
            return SlackAnswer.Error("not_authed");
        }

        if (call.Authorization != $"Bearer {_token}")
        {
            return SlackAnswer.Error("invalid_auth");
        }

        var json = call.HttpMethod == "POST" && call.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true
            ? call.Json
            : new JsonObject();
        string? Field(string name) => (string?)json[name];
        return call.ApiMethod switch
        {
            "chat.postMessage" => Ok(new JsonObject
            {
                ["channel"] = Field("channel") is { } c && c.StartsWith('U') ? "D" + c[1..] : Field("channel"),
                ["ts"] = "1700000000.000100",
                ["message"] = new JsonObject { ["text"] = Field("text") },
            }),
            "chat.update" => Ok(new JsonObject { ["channel"] = Field("channel"), ["ts"] = Field("ts"), ["text"] = Field("text") }),
            "chat.postEphemeral" => Ok(new JsonObject { ["message_ts"] = "1700000000.000200" }),
            "conversations.open" => Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = "D" + Field("users")?[1..] } }),
            "users.info" => query["user"].ToString() is { Length: > 0 } user
                ? Ok(new JsonObject
                {
                    ["user"] = new JsonObject
                    {
                        ["id"] = user,
                        ["team_id"] = "T01",
                        ["name"] = "ana.ortiz",
                        ["deleted"] = false,
                        ["real_name"] = "Ana Ortiz",
                        ["tz"] = "Europe/Berlin",
                        ["is_bot"] = false,
                        ["profile"] = new JsonObject { ["real_name"] = "Ana Ortiz", ["display_name"] = "ana", ["email"] = "Ana.Ortiz@Example.com" },
                    },
                })
                : SlackAnswer.Error("user_not_found"),
            "views.open" => Ok(new JsonObject { ["view"] = new JsonObject { ["id"] = "V0MODAL1", ["hash"] = "156772938.1827394" } }),
            "views.update" => Ok(new JsonObject { ["view"] = new JsonObject { ["id"] = Field("view_id"), ["hash"] = "156772938.9999999" } }),
            _ => SlackAnswer.Error("unknown_method"),
        };
    }

    private static SlackAnswer Ok(JsonObject fields)
    {
        var answer = new JsonObject { ["ok"] = true };
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            answer[name] = value;
        }

        return SlackAnswer.Ok(answer.ToJsonString());
    }
}
