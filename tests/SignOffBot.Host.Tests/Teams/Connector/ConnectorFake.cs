using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SignOffBot.Host.Tests.Teams.Connector;

/// <summary>One request the fake received, as it came over the wire.</summary>
internal sealed record RecordedCall(string Method, string RawTarget, string Path, string? Authorization, string? ContentType, string Body);

/// <summary>A scripted answer; <paramref name="Delay"/> (real time) comes before it, to make an attempt time out.</summary>
internal sealed record FakeResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default);

/// <summary>
/// A loopback Entra token endpoint (<c>POST /{tenant}/oauth2/v2.0/token</c>) and Bot Connector (under <c>/teams/</c>)
/// on Kestrel at http://127.0.0.1:0. The connector wants a token this fake issued (else 401), records every
/// request, answers scripted faults first and the canonical §3 answers otherwise, each with an
/// X-Correlating-OperationId header.
/// </summary>
internal sealed class ConnectorFake : IAsyncDisposable
{
    public const string Tenant = "11111111-1111-1111-1111-111111111111";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _issued = new(StringComparer.Ordinal);
    private int _tokens;
    private int _operations;
    private int _ids;

    private ConnectorFake(WebApplication app) => _app = app;

    /// <summary>e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The connector's serviceUrl, deliberately without its trailing slash.</summary>
    public string ServiceUrl => BaseUrl + "teams";

    public string TokenEndpoint => $"{BaseUrl}{Tenant}/oauth2/v2.0/token";

    /// <summary>Each token request's form fields (and content type under the key <c>Content-Type</c>).</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    public ConcurrentQueue<FakeResponse> TokenScript { get; } = new();

    public int TokenExpiresIn { get; set; } = 3600;

    /// <summary>How long the token endpoint takes (real time), to make concurrent callers overlap.</summary>
    public TimeSpan TokenDelay { get; set; }

    public ConcurrentQueue<RecordedCall> Calls { get; } = new();

    /// <summary>Answers for the next connector requests, in order, before the canonical ones.</summary>
    public ConcurrentQueue<FakeResponse> Script { get; } = new();

    /// <summary>When set and returning an answer, it is given to every connector request (a fault that lasts).</summary>
    public Func<RecordedCall, FakeResponse?>? Always { get; set; }

    public IReadOnlyCollection<string> IssuedTokens => _issued.Keys.ToList();

    public static async Task<ConnectorFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new ConnectorFake(app);
        app.MapPost("/{tenant}/oauth2/v2.0/token", fake.TokenAsync);
        app.Map("/teams/{**rest}", fake.ConnectorAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake.BaseUrl = address.TrimEnd('/') + "/";
        return fake;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        fields["Content-Type"] = context.Request.ContentType ?? "";
        fields["Path"] = context.Request.Path.Value ?? "";
        TokenRequests.Enqueue(fields);
        if (TokenDelay > TimeSpan.Zero)
        {
            await Task.Delay(TokenDelay);
        }

        if (TokenScript.TryDequeue(out var scripted))
        {
            await WriteAsync(context, scripted);
            return;
        }

        var token = $"tok-{Interlocked.Increment(ref _tokens)}";
        _issued[token] = true;
        await WriteAsync(context, new FakeResponse(200, $$"""{"token_type":"Bearer","expires_in":{{TokenExpiresIn}},"ext_expires_in":{{TokenExpiresIn}},"access_token":"{{token}}"}"""));
    }

    private async Task ConnectorAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var authorization = context.Request.Headers.Authorization.ToString();
        var call = new RecordedCall(
            context.Request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            context.Request.Path.Value ?? "",
            authorization.Length == 0 ? null : authorization,
            context.Request.ContentType,
            body);
        Calls.Enqueue(call);

        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_issued.ContainsKey(authorization["Bearer ".Length..]))
        {
            await WriteAsync(context, new FakeResponse(401, """{"message":"Authorization has been denied for this request."}"""));
            return;
        }

        var answer = Always?.Invoke(call) ?? (Script.TryDequeue(out var scripted) ? scripted : Canonical(call));
        await WriteAsync(context, answer);
    }

    private FakeResponse Canonical(RecordedCall call)
    {
        var segments = call.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var id = Interlocked.Increment(ref _ids);
        return (call.Method, segments) switch
        {
            ("POST", ["teams", "v3", "conversations"]) => new FakeResponse(
                201,
                call.Body.Contains("\"activity\"", StringComparison.Ordinal)
                    ? $$"""{"id":"19:thread-{{id}}@thread.tacv2;messageid={{id}}","activityId":"{{id}}"}"""
                    : $$"""{"id":"a:conv-{{id}}"}"""),
            ("POST", ["teams", "v3", "conversations", _, "activities", ..]) => new FakeResponse(201, $$"""{"id":"act-{{id}}"}"""),
            ("PUT", ["teams", "v3", "conversations", _, "activities", var activityId]) => new FakeResponse(200, $$"""{"id":"{{activityId}}"}"""),
            ("GET", ["teams", "v3", "conversations", _, "members", var userId]) => new FakeResponse(
                200,
                $$"""{"id":"{{userId}}","objectId":"aad-ana","givenName":"Ana","surname":"Ortiz","email":"ana@example.com","userPrincipalName":"ana@example.com","tenantId":"{{Tenant}}","userRole":"user"}"""),
            _ => new FakeResponse(404, """{"error":{"code":"NotFound","message":"No such route in the fake."}}"""),
        };
    }

    private async Task WriteAsync(HttpContext context, FakeResponse answer)
    {
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
        context.Response.Headers["X-Correlating-OperationId"] = $"op-{Interlocked.Increment(ref _operations)}";
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (answer.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(answer.Body);
        }
    }
}
