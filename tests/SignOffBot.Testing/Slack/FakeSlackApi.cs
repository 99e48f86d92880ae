using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using SignOffBot.Host.Slack;

namespace SignOffBot.Testing.Slack;

/// <summary>
/// Slack's Web API played on one loopback Kestrel server (<c>http://127.0.0.1:&lt;port&gt;</c>), for
/// <c>Slack:ApiBaseUrl</c> = <see cref="ApiBaseUrl"/> (<c>…/api/</c>, like <c>https://slack.com/api/</c>):
/// <list type="bullet">
/// <item><c>chat.postMessage</c>, <c>chat.update</c>, <c>chat.postEphemeral</c>, <c>conversations.open</c>,
/// <c>users.info</c>, <c>users.lookupByEmail</c>, <c>views.open</c>, <c>views.update</c>, <c>views.publish</c>, <c>auth.test</c>;
/// arguments as JSON, form or query string; <c>Authorization: Bearer &lt;BotToken&gt;</c> required (missing:
/// <c>not_authed</c>, wrong: <c>invalid_auth</c>); answers HTTP 200 with <c>{"ok":…}</c> like Slack;</item>
/// <item>response URLs (<see cref="ResponseUrl"/>, <c>POST /response/{id}</c>) that record what is posted to them;</item>
/// <item>the file upload flow: <c>files.getUploadURLExternal</c> (a <c>filename</c> and a <c>length</c>) gives an
/// <c>upload_url</c> on this server (<c>POST /upload/v1/{file id}</c>, the raw bytes, exactly that many), and
/// <c>files.completeUploadExternal</c> shares files whose bytes arrived (<c>files</c> a JSON array of <c>{id,title}</c>,
/// <c>channel_id</c>, <c>initial_comment</c>), refusing an id it never gave, one not uploaded or one already completed
/// (<c>file_not_found</c>) and a channel the bot is not in (<c>not_in_channel</c>); shared files are kept with their
/// bytes (<see cref="SharedFiles"/>).</item>
/// </list>
/// Every call is recorded (<see cref="Calls"/>, <see cref="ResponseUrlPosts"/>); failures (429 + Retry-After, 500,
/// <c>ok:false</c>) and delays can be scripted per method. Posted messages are kept (<see cref="Messages"/>) so
/// <c>chat.update</c> of an unknown message answers <c>message_not_found</c>, as Slack does; each user's published
/// App Home is kept too (<see cref="HomeOf"/>).
/// </summary>
public sealed class FakeSlackApi : IAsyncDisposable
{
    public const string DefaultBotToken = "xoxb-0000000001-fake-bot-token";
    public const string DefaultSigningSecret = "8f742231b10e8888abcd99fake0secret";
    public const string BotUserId = "U0SIGNOFFBOT";
    public const string BotId = "B0SIGNOFFBOT";
    public const string TeamId = SlackSigner.DefaultTeamId;

    /// <summary>The pseudo method name under which response-URL posts can be scripted to fail or be delayed.</summary>
    public const string ResponseUrlMethod = "response_url";

    /// <summary>Slack's limit on uses of one response URL.</summary>
    public const int ResponseUrlMaxUses = 5;

    private const string ApiPrefix = "/api/";
    private const string ResponsePrefix = "/response/";
    private const string UploadPrefix = "/upload/v1/";

    private WebApplication _app = null!;
    private readonly Lock _gate = new();
    private readonly List<SlackApiCall> _calls = [];
    private readonly List<SlackRequest> _requests = [];
    private readonly List<ResponseUrlPost> _responseUrlPosts = [];
    private readonly List<ScriptedFailure> _failures = [];
    private readonly ConcurrentDictionary<string, TimeSpan> _delays = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Channel, string Ts), JsonObject> _messages = new();
    private readonly ConcurrentDictionary<string, byte> _usedTriggers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _views = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _homes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingUpload> _uploads = new(StringComparer.Ordinal);
    private readonly List<SlackSharedFile> _sharedFiles = [];
    private long _tsCounter = 1_700_000_000_000_100;
    private long _viewCounter;
    private long _fileCounter;

    private FakeSlackApi(string botToken, string signingSecret)
    {
        BotToken = botToken;
        SigningSecret = signingSecret;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>, no trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The Web API base with its trailing slash: <c>http://127.0.0.1:&lt;port&gt;/api/</c>.</summary>
    public string ApiBaseUrl => BaseUrl + ApiPrefix;

    public string BotToken { get; }

    /// <summary>The signing secret the host under test should be given (the fake does not sign; see <see cref="Signer"/>).</summary>
    public string SigningSecret { get; }

    /// <summary>Posted messages must exist for <c>chat.update</c> (else <c>message_not_found</c>). Default true.</summary>
    public bool RequireKnownMessages { get; set; } = true;

    /// <summary>A <c>views.open</c> trigger id is single-use (else <c>exchanged_trigger_id</c>). Default true.</summary>
    public bool SingleUseTriggers { get; set; } = true;

    /// <summary>Every Web API call (also refused and scripted ones), in arrival order.</summary>
    public IReadOnlyList<SlackApiCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Every post to a response URL, in arrival order.</summary>
    public IReadOnlyList<ResponseUrlPost> ResponseUrlPosts
    {
        get
        {
            lock (_gate)
            {
                return [.. _responseUrlPosts];
            }
        }
    }

    /// <summary>The files shared by <c>files.completeUploadExternal</c>, with the bytes uploaded for them, in order.</summary>
    public IReadOnlyList<SlackSharedFile> SharedFiles
    {
        get
        {
            lock (_gate)
            {
                return [.. _sharedFiles];
            }
        }
    }

    /// <summary>Every POST to an upload URL (also refused ones): the file id and the bytes as received.</summary>
    public IReadOnlyList<(string FileId, byte[] Bytes, int StatusCode)> UploadPosts
    {
        get
        {
            lock (_gate)
            {
                return [.. _uploadPosts];
            }
        }
    }

    private readonly List<(string FileId, byte[] Bytes, int StatusCode)> _uploadPosts = [];

    /// <summary>The messages as they stand now (after updates), keyed by (channel, ts).</summary>
    public IReadOnlyDictionary<(string Channel, string Ts), JsonObject> Messages =>
        _messages.ToDictionary(m => m.Key, m => (JsonObject)m.Value.DeepClone());

    public static async Task<FakeSlackApi> StartAsync(string botToken = DefaultBotToken, string signingSecret = DefaultSigningSecret)
    {
        var fake = new FakeSlackApi(botToken, signingSecret);
        (fake._app, fake.BaseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.Use(fake.RecordOrAnswerAsScriptedAsync);
            app.Map(ApiPrefix + "{method}", (Func<HttpContext, string, Task>)fake.HandleApiAsync);
            app.MapPost(ResponsePrefix + "{**id}", (Func<HttpContext, string, Task>)fake.HandleResponseUrlAsync);
            app.MapPost(UploadPrefix + "{fileId}", (Func<HttpContext, string, Task>)fake.HandleUploadAsync);
            app.MapFallback(() => Results.Text("not found", "text/plain", statusCode: StatusCodes.Status404NotFound));
        });
        return fake;
    }

    /// <summary>
    /// Raw answers for tests of the Web API client itself, ahead of the Slack this fake plays: while <see cref="Always"/>
    /// answers, every request gets its answer; otherwise the next request takes the first of <see cref="Script"/>.
    /// </summary>
    public ConcurrentQueue<SlackAnswer> Script { get; } = new();

    /// <inheritdoc cref="Script"/>
    public Func<SlackRequest, SlackAnswer?>? Always { get; set; }

    /// <summary>Every HTTP request the fake received (any path, scripted or not), as it came over the wire.</summary>
    public IReadOnlyList<SlackRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The App Home view last published for <paramref name="userId"/> (as <c>views.publish</c> answered it), or null.</summary>
    public JsonObject? HomeOf(string userId) =>
        _homes.TryGetValue(userId, out var id) && _views.TryGetValue(id, out var view) ? (JsonObject)view.DeepClone() : null;

    /// <summary>Requests made to the Web API method <paramref name="apiMethod"/>.</summary>
    public int Count(string apiMethod) => Requests.Count(r => r.ApiMethod == apiMethod);

    /// <summary>A response URL on this fake (<c>http://127.0.0.1:&lt;port&gt;/response/{id}</c>).</summary>
    public string ResponseUrl(string id) => BaseUrl + ResponsePrefix + Uri.EscapeDataString(id);

    /// <summary>A <see cref="SlackOptions"/> pointing at this fake (Slack on).</summary>
    public SlackOptions Options() => new() { SigningSecret = SigningSecret, BotToken = BotToken, ApiBaseUrl = ApiBaseUrl };

    /// <summary>The same as configuration keys, for a host under test (<c>Slack:SigningSecret</c>, …).</summary>
    public IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        [$"{SlackOptions.Section}:SigningSecret"] = SigningSecret,
        [$"{SlackOptions.Section}:BotToken"] = BotToken,
        [$"{SlackOptions.Section}:ApiBaseUrl"] = ApiBaseUrl,
    };

    /// <summary>A signer with <see cref="SigningSecret"/>, timestamps from <paramref name="time"/> (the host's clock).</summary>
    public SlackSigner Signer(TimeProvider? time = null) => new(SigningSecret, time);

    /// <summary>The DM channel id <c>conversations.open</c> gives for <paramref name="userId"/>: <c>D</c> + the user id.</summary>
    public static string DmChannelFor(string userId) => "D" + userId;

    // ---------------------------------------------------------------- scripting

    /// <summary>A user <c>users.info</c> and <c>users.lookupByEmail</c> know.</summary>
    public void AddUser(string userId, string? email, string? name = null, string? realName = null, string tz = "Europe/Berlin", bool deleted = false)
    {
        name ??= email?.Split('@')[0] ?? userId.ToLowerInvariant();
        var profile = new JsonObject
        {
            ["real_name"] = realName ?? name,
            ["display_name"] = name,
        };
        if (email is not null)
        {
            profile["email"] = email;
        }

        _users[userId] = new JsonObject
        {
            ["id"] = userId,
            ["team_id"] = TeamId,
            ["name"] = name,
            ["real_name"] = realName ?? name,
            ["deleted"] = deleted,
            ["is_bot"] = false,
            ["tz"] = tz,
            ["profile"] = profile,
        };
    }

    /// <summary>
    /// The next <paramref name="times"/> calls of <paramref name="method"/> (e.g. <c>chat.postMessage</c>, or
    /// <see cref="ResponseUrlMethod"/>) get this answer instead of the normal one. Scripted answers are used in the order added.
    /// </summary>
    /// <param name="channel">Only calls to this channel fail (null: any call of the method).</param>
    public void FailNext(string method, int statusCode, string? jsonBody = null, TimeSpan? retryAfter = null, int times = 1, string? channel = null)
    {
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _failures.Add(new ScriptedFailure(method, statusCode, jsonBody, retryAfter, channel));
            }
        }
    }

    /// <summary>HTTP 429 with <c>Retry-After: <paramref name="retryAfterSeconds"/></c> and <c>{"ok":false,"error":"ratelimited"}</c>.</summary>
    public void FailNextRateLimited(string method, int retryAfterSeconds = 1, int times = 1, string? channel = null) =>
        FailNext(method, StatusCodes.Status429TooManyRequests, ErrorBody("ratelimited"), TimeSpan.FromSeconds(retryAfterSeconds), times, channel);

    /// <summary>HTTP 500 (a transport failure for Slack clients).</summary>
    public void FailNextServerError(string method, int times = 1, string? channel = null) =>
        FailNext(method, StatusCodes.Status500InternalServerError, null, null, times, channel);

    /// <summary>HTTP 200 with <c>{"ok":false,"error":<paramref name="error"/>}</c> (e.g. <c>channel_not_found</c>).</summary>
    public void FailNextWithError(string method, string error, int times = 1, string? channel = null) =>
        FailNext(method, StatusCodes.Status200OK, ErrorBody(error), null, times, channel);

    /// <summary>Every call of <paramref name="method"/> (null: every call) waits this long before it is answered.</summary>
    public void SetDelay(string? method, TimeSpan delay) => _delays[method ?? "*"] = delay;

    public void ClearDelays() => _delays.Clear();

    /// <summary>Every call of <paramref name="method"/> (null: every call) waits, after any delay, until <see cref="Release"/>: sends held open for as long as the test needs.</summary>
    public void Hold(string? method) => _holds.TryAdd(method ?? "*", new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>How many calls of <paramref name="method"/> wait in a <see cref="Hold"/> now.</summary>
    public int HeldNow(string method) => _held.GetValueOrDefault(method);

    public void Release(string? method)
    {
        if (_holds.TryRemove(method ?? "*", out var hold))
        {
            hold.TrySetResult();
        }
    }

    public static string ErrorBody(string error) => new JsonObject { ["ok"] = false, ["error"] = error }.ToJsonString();

    // ---------------------------------------------------------------- queries

    /// <summary>The calls of one method (e.g. <c>chat.postMessage</c>), in arrival order.</summary>
    public IReadOnlyList<SlackApiCall> CallsTo(string method) => [.. Calls.Where(c => c.Method == method)];

    /// <summary>The posts to one response URL id, in arrival order.</summary>
    public IReadOnlyList<ResponseUrlPost> ResponseUrlPostsFor(string id) => [.. ResponseUrlPosts.Where(p => p.Id == id)];

    /// <summary>
    /// What the test host does while a wait is not met yet: a host on a fake clock moves it on a little, so deliveries
    /// that are paced or retried later come due as they would on a real clock.
    /// </summary>
    public Action? WhileWaiting { get; set; }

    /// <summary>Waits (bounded, default 10 s) until <paramref name="condition"/> holds for the recorded calls.</summary>
    public async Task<IReadOnlyList<SlackApiCall>> WaitUntilAsync(Func<IReadOnlyList<SlackApiCall>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
        while (true)
        {
            var calls = Calls;
            if (condition(calls))
            {
                return calls;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("Slack Web API calls so far: " + string.Join("; ", calls.Select(c => $"{c.Method} {c.StatusCode} {c.BodyText}")));
            }

            WhileWaiting?.Invoke();
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until <paramref name="method"/> was called successfully (<c>ok:true</c>) at least <paramref name="count"/> times.</summary>
    public async Task<IReadOnlyList<SlackApiCall>> WaitForCallsAsync(string method, int count = 1, TimeSpan? timeout = null)
    {
        var calls = await WaitUntilAsync(all => all.Count(c => c.Method == method && c.Ok) >= count, timeout);
        return [.. calls.Where(c => c.Method == method && c.Ok)];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ---------------------------------------------------------------- server

    private async Task RecordOrAnswerAsScriptedAsync(HttpContext context, Func<Task> next)
    {
        context.Request.EnableBuffering();
        var body = await ReadBodyAsync(context.Request, leaveOpen: true, context.RequestAborted);
        context.Request.Body.Position = 0;
        var authorization = context.Request.Headers.Authorization.ToString();
        var request = new SlackRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            authorization.Length == 0 ? null : authorization,
            context.Request.ContentType,
            body);
        lock (_gate)
        {
            _requests.Add(request);
        }

        if ((Always?.Invoke(request) ?? (Script.TryDequeue(out var scripted) ? scripted : null)) is not { } answer)
        {
            await next();
            return;
        }

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

    private async Task HandleApiAsync(HttpContext context, string method)
    {
        var request = context.Request;
        var bodyText = await ReadBodyAsync(request, context.RequestAborted);
        var (body, args) = ParseArguments(request, bodyText);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var authorization = request.Headers.Authorization.ToString();
        var receivedAt = TimeProvider.System.GetUtcNow();

        await DelayAsync(method, context.RequestAborted);
        var answer = AnswerApi(method, authorization, args);
        lock (_gate)
        {
            _calls.Add(new SlackApiCall(
                method, request.Method, request.ContentType, authorization.Length == 0 ? null : authorization,
                headers, body, args, bodyText, answer.StatusCode, answer.Json, receivedAt, TimeProvider.System.GetUtcNow()));
        }

        await answer.WriteAsync(context);
    }

    private async Task HandleResponseUrlAsync(HttpContext context, string id)
    {
        var request = context.Request;
        var bodyText = await ReadBodyAsync(request, context.RequestAborted);
        JsonNode? body = TryParseJson(bodyText);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        await DelayAsync(ResponseUrlMethod, context.RequestAborted);
        ApiAnswer answer;
        if (TakeFailure(ResponseUrlMethod) is { } failure)
        {
            answer = failure.ToAnswer();
        }
        else if (ResponseUrlPostsFor(id).Count(p => p.StatusCode == StatusCodes.Status200OK) >= ResponseUrlMaxUses)
        {
            answer = new ApiAnswer(StatusCodes.Status404NotFound, JsonNode.Parse(ErrorBody("used_url")), null);
        }
        else if (body is not JsonObject)
        {
            answer = new ApiAnswer(StatusCodes.Status400BadRequest, JsonNode.Parse(ErrorBody("invalid_payload")), null);
        }
        else
        {
            answer = new ApiAnswer(StatusCodes.Status200OK, new JsonObject { ["ok"] = true }, null);
        }

        lock (_gate)
        {
            _responseUrlPosts.Add(new ResponseUrlPost(id, request.ContentType, headers, body, bodyText, answer.StatusCode));
        }

        await answer.WriteAsync(context);
    }

    /// <summary>
    /// An upload URL of <c>files.getUploadURLExternal</c>: the raw bytes of the file, exactly the length announced (else
    /// 400); an id never given, or one whose bytes already came, answers 404. Slack answers 200 with <c>OK - &lt;length&gt;</c>.
    /// </summary>
    private async Task HandleUploadAsync(HttpContext context, string fileId)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var bytes = buffer.ToArray();
        await DelayAsync(UploadMethod, context.RequestAborted);
        var failure = TakeFailure(UploadMethod);
        int status;
        lock (_gate)
        {
            status = failure is not null ? failure.StatusCode
                : !_uploads.TryGetValue(fileId, out var pending) || pending.Bytes is not null ? StatusCodes.Status404NotFound
                : bytes.Length != pending.Length ? StatusCodes.Status400BadRequest
                : StatusCodes.Status200OK;
            if (status == StatusCodes.Status200OK)
            {
                _uploads[fileId] = _uploads[fileId] with { Bytes = bytes };
            }

            _uploadPosts.Add((fileId, bytes, status));
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(status == StatusCodes.Status200OK ? $"OK - {bytes.Length}" : "upload refused", context.RequestAborted);
    }

    /// <summary>The pseudo method name under which posts to upload URLs can be scripted to fail or be delayed.</summary>
    public const string UploadMethod = "upload_url";

    private ApiAnswer GetUploadUrl(JsonObject args)
    {
        var filename = Text(args, "filename");
        if (filename.Length == 0)
        {
            return Error("invalid_arguments");
        }

        if (!long.TryParse(Text(args, "length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            return Error(Text(args, "length").Length == 0 ? "missing_argument" : "invalid_arguments");
        }

        if (length == 0)
        {
            return Error("missing_argument");
        }

        var fileId = "F" + Interlocked.Increment(ref _fileCounter).ToString("D9", CultureInfo.InvariantCulture);
        _uploads[fileId] = new PendingUpload(fileId, filename, length, null, Completed: false);
        return Ok(new JsonObject { ["upload_url"] = BaseUrl + UploadPrefix + fileId, ["file_id"] = fileId });
    }

    private ApiAnswer CompleteUpload(JsonObject args)
    {
        var files = args["files"] switch
        {
            JsonArray array => array,
            JsonValue value when value.TryGetValue<string>(out var text) => TryParseJson(text) as JsonArray,
            _ => null,
        };
        if (files is null || files.Count == 0 || files.Any(f => f is not JsonObject || Text(f.AsObject(), "id").Length == 0))
        {
            return Error("invalid_arguments");
        }

        var channel = Text(args, "channel_id");
        if (channel.Length > 0 && _notMemberOf.ContainsKey(channel))
        {
            return Error("not_in_channel");
        }

        lock (_gate)
        {
            var ids = files.Select(f => Text(f!.AsObject(), "id")).ToList();
            if (ids.Any(id => !_uploads.TryGetValue(id, out var pending) || pending.Bytes is null || pending.Completed))
            {
                return Error("file_not_found");
            }

            var shared = new JsonArray();
            foreach (var file in files.Select(f => f!.AsObject()))
            {
                var pending = _uploads[Text(file, "id")];
                _uploads[pending.FileId] = pending with { Completed = true };
                var title = Text(file, "title") is { Length: > 0 } given ? given : pending.Filename;
                _sharedFiles.Add(new SlackSharedFile(pending.FileId, pending.Filename, title, channel.Length == 0 ? null : channel, Text(args, "initial_comment"), pending.Bytes!));
                shared.Add(new JsonObject { ["id"] = pending.FileId, ["name"] = pending.Filename, ["title"] = title, ["size"] = pending.Length });
            }

            return Ok(new JsonObject { ["files"] = shared });
        }
    }

    private sealed record PendingUpload(string FileId, string Filename, long Length, byte[]? Bytes, bool Completed);

    private ApiAnswer AnswerApi(string method, string authorization, JsonObject args)
    {
        const string bearer = "Bearer ";
        if (authorization.Length == 0)
        {
            return Error("not_authed");
        }

        if (!authorization.StartsWith(bearer, StringComparison.Ordinal) || authorization[bearer.Length..] != BotToken)
        {
            return Error("invalid_auth");
        }

        if (TakeFailure(method, (string?)args["channel"]) is { } failure)
        {
            return failure.ToAnswer();
        }

        return method switch
        {
            "chat.postMessage" => PostMessage(args),
            "chat.update" => UpdateMessage(args),
            "chat.postEphemeral" => PostEphemeral(args),
            "chat.getPermalink" => Permalink(args),
            "conversations.open" => OpenConversation(args),
            "users.info" => UserInfo(args),
            "users.lookupByEmail" => LookupByEmail(args),
            "conversations.join" => Join(args),
            "views.open" => OpenView(args),
            "views.update" => UpdateView(args),
            "views.publish" => PublishView(args),
            "files.getUploadURLExternal" => GetUploadUrl(args),
            "files.completeUploadExternal" => CompleteUpload(args),
            "auth.test" => Ok(new JsonObject
            {
                ["url"] = "https://signoff-test.slack.com/",
                ["team"] = "SignOff Test",
                ["user"] = "signoffbot",
                ["team_id"] = TeamId,
                ["user_id"] = BotUserId,
                ["bot_id"] = BotId,
            }),
            _ => Error("unknown_method"),
        };
    }

    private ApiAnswer PostMessage(JsonObject args)
    {
        var channel = Text(args, "channel");
        if (channel.Length == 0)
        {
            return Error("channel_not_found");
        }

        if (_notMemberOf.ContainsKey(channel))
        {
            return Error("not_in_channel");
        }

        if (Text(args, "text").Length == 0 && args["blocks"] is null && args["attachments"] is null)
        {
            return Error("no_text");
        }

        if (Blocks(args) is { Count: > 50 })
        {
            return Error("invalid_blocks");
        }

        // Posting to a user id lands in the app's DM with them; Slack answers with the D… channel.
        if (channel.StartsWith('U') || channel.StartsWith('W'))
        {
            channel = DmChannelFor(channel);
        }

        var ts = NextTs();
        var message = new JsonObject
        {
            ["type"] = "message",
            ["user"] = BotUserId,
            ["bot_id"] = BotId,
            ["text"] = Text(args, "text"),
            ["ts"] = ts,
        };
        if (Blocks(args) is { } blocks)
        {
            message["blocks"] = blocks.DeepClone();
        }

        if (Text(args, "thread_ts") is { Length: > 0 } threadTs)
        {
            message["thread_ts"] = threadTs;
        }

        _messages[(channel, ts)] = (JsonObject)message.DeepClone();
        return Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts, ["message"] = message });
    }

    /// <summary>A permalink as Slack writes one: the workspace URL, the channel and the ts without its dot.</summary>
    private ApiAnswer Permalink(JsonObject args)
    {
        var channel = Text(args, "channel");
        var ts = Text(args, "message_ts");
        return _messages.ContainsKey((channel, ts))
            ? Ok(new JsonObject { ["channel"] = channel, ["permalink"] = $"https://signoff-test.slack.com/archives/{channel}/p{ts.Replace(".", string.Empty, StringComparison.Ordinal)}" })
            : Error(channel.Length == 0 ? "channel_not_found" : "message_not_found");
    }

    private ApiAnswer UpdateMessage(JsonObject args)
    {
        var channel = Text(args, "channel");
        var ts = Text(args, "ts");
        if (channel.Length == 0 || channel.StartsWith('U') || channel.StartsWith('W'))
        {
            // chat.update needs the conversation id (D… for a DM), never a user id.
            return Error("channel_not_found");
        }

        if (ts.Length == 0)
        {
            return Error("message_not_found");
        }

        if (Text(args, "text").Length > 4000)
        {
            return Error("msg_too_long");
        }

        if (Blocks(args) is { Count: > 50 })
        {
            return Error("invalid_blocks");
        }

        if (!_messages.TryGetValue((channel, ts), out var message))
        {
            if (RequireKnownMessages)
            {
                return Error("message_not_found");
            }

            message = new JsonObject { ["type"] = "message", ["user"] = BotUserId, ["bot_id"] = BotId, ["ts"] = ts };
        }

        var updated = (JsonObject)message.DeepClone();
        if (args.ContainsKey("text"))
        {
            updated["text"] = Text(args, "text");
        }

        if (Blocks(args) is { } blocks)
        {
            updated["blocks"] = blocks.DeepClone();
        }

        updated["edited"] = new JsonObject { ["user"] = BotUserId, ["ts"] = NextTs() };
        _messages[(channel, ts)] = updated;
        return Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = updated["text"]?.DeepClone(), ["message"] = updated.DeepClone() });
    }

    private ApiAnswer PostEphemeral(JsonObject args)
    {
        if (Text(args, "channel").Length == 0)
        {
            return Error("channel_not_found");
        }

        if (Text(args, "user").Length == 0)
        {
            return Error("user_not_found");
        }

        if (Text(args, "text").Length == 0 && args["blocks"] is null && args["attachments"] is null)
        {
            return Error("no_text");
        }

        return Ok(new JsonObject { ["message_ts"] = NextTs() });
    }

    private ApiAnswer OpenConversation(JsonObject args)
    {
        var users = Text(args, "users").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (users.Length == 0)
        {
            return Error("users_list_not_supplied");
        }

        if (users.Length > 8)
        {
            return Error("too_many_users");
        }

        var id = users.Length == 1 ? DmChannelFor(users[0]) : "G" + string.Concat(users.Order(StringComparer.Ordinal));
        return Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = id } });
    }

    private ApiAnswer UserInfo(JsonObject args)
    {
        var userId = Text(args, "user");
        return userId.Length == 0
            ? Error("user_not_found")
            : _users.TryGetValue(userId, out var user)
                ? Ok(new JsonObject { ["user"] = user.DeepClone() })
                : Error("user_not_found");
    }

    private readonly ConcurrentDictionary<string, bool> _notMemberOf = new(StringComparer.Ordinal);

    /// <summary>
    /// The bot is not in <paramref name="channel"/>: posts answer <c>not_in_channel</c> until it joins (a public channel,
    /// <c>conversations.join</c>) or is invited (<see cref="Invite"/>); a private one answers the join with
    /// <c>method_not_supported_for_channel_type</c>.
    /// </summary>
    public void NotMemberOf(string channel, bool isPrivate) => _notMemberOf[channel] = isPrivate;

    /// <summary>Someone invited the bot into <paramref name="channel"/>.</summary>
    public void Invite(string channel) => _notMemberOf.TryRemove(channel, out _);

    private ApiAnswer Join(JsonObject args)
    {
        var channel = Text(args, "channel");
        if (_notMemberOf.TryGetValue(channel, out var isPrivate) && isPrivate)
        {
            return Error("method_not_supported_for_channel_type");
        }

        _notMemberOf.TryRemove(channel, out _);
        return Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = channel, ["is_member"] = true } });
    }

    private ApiAnswer LookupByEmail(JsonObject args)
    {
        var email = Text(args, "email");
        var user = _users.Values.FirstOrDefault(u =>
            string.Equals(u["profile"]?["email"]?.GetValue<string>(), email, StringComparison.OrdinalIgnoreCase));
        return email.Length > 0 && user is not null ? Ok(new JsonObject { ["user"] = user.DeepClone() }) : Error("users_not_found");
    }

    private ApiAnswer OpenView(JsonObject args)
    {
        var triggerId = Text(args, "trigger_id");
        if (triggerId.Length == 0)
        {
            return Error("invalid_trigger_id");
        }

        if (View(args) is not { } view)
        {
            return Error("invalid_arguments");
        }

        if (SingleUseTriggers && !_usedTriggers.TryAdd(triggerId, 0))
        {
            return Error("exchanged_trigger_id");
        }

        var id = "V" + Interlocked.Increment(ref _viewCounter).ToString("D9", CultureInfo.InvariantCulture);
        return Ok(new JsonObject { ["view"] = StoreView(id, view) });
    }

    private ApiAnswer UpdateView(JsonObject args)
    {
        var viewId = Text(args, "view_id");
        var externalId = Text(args, "external_id");
        if (View(args) is not { } view)
        {
            return Error("invalid_arguments");
        }

        if (viewId.Length == 0)
        {
            viewId = _views.FirstOrDefault(v => externalId.Length > 0 && v.Value["external_id"]?.GetValue<string>() == externalId).Key ?? "";
        }

        if (viewId.Length == 0 || !_views.TryGetValue(viewId, out var current))
        {
            return Error("not_found");
        }

        if (Text(args, "hash") is { Length: > 0 } hash && hash != current["hash"]?.GetValue<string>())
        {
            return Error("hash_conflict");
        }

        return Ok(new JsonObject { ["view"] = StoreView(viewId, view) });
    }

    /// <summary>A Home tab per user: <c>user_id</c> and a <c>view</c> of type <c>home</c> with at most 100 blocks, else <c>invalid_arguments</c>.</summary>
    private ApiAnswer PublishView(JsonObject args)
    {
        var userId = Text(args, "user_id");
        if (userId.Length == 0 || View(args) is not { } view || view["type"]?.GetValue<string>() != "home"
            || view["blocks"] is not JsonArray { Count: <= 100 })
        {
            return Error("invalid_arguments");
        }

        var id = _homes.GetOrAdd(userId, _ => "V" + Interlocked.Increment(ref _viewCounter).ToString("D9", CultureInfo.InvariantCulture));
        if (Text(args, "hash") is { Length: > 0 } hash && _views.TryGetValue(id, out var current) && hash != current["hash"]?.GetValue<string>())
        {
            return Error("hash_conflict");
        }

        return Ok(new JsonObject { ["view"] = StoreView(id, view) });
    }

    private JsonObject StoreView(string id, JsonObject view)
    {
        var stored = (JsonObject)view.DeepClone();
        stored["id"] = id;
        stored["team_id"] = TeamId;
        stored["hash"] = NextTs().Replace(".", "", StringComparison.Ordinal) + "." + id;
        stored["state"] ??= new JsonObject { ["values"] = new JsonObject() };
        _views[id] = stored;
        return (JsonObject)stored.DeepClone();
    }

    private async Task DelayAsync(string method, CancellationToken cancellationToken)
    {
        var delay = _delays.TryGetValue(method, out var forMethod) ? forMethod : _delays.GetValueOrDefault("*");
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up; the answer is written to nobody.
                return;
            }
        }

        if (_holds.TryGetValue(method, out var hold) || _holds.TryGetValue("*", out hold))
        {
            _held.AddOrUpdate(method, 1, (_, n) => n + 1);
            try
            {
                await hold.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // As above: the caller is gone.
            }
            finally
            {
                _held.AddOrUpdate(method, 0, (_, n) => n - 1);
            }
        }
    }

    private ScriptedFailure? TakeFailure(string method, string? channel = null)
    {
        lock (_gate)
        {
            var index = _failures.FindIndex(f => f.Method == method && (f.Channel is null || f.Channel == channel));
            if (index < 0)
            {
                return null;
            }

            var failure = _failures[index];
            _failures.RemoveAt(index);
            return failure;
        }
    }

    /// <summary>
    /// The call's arguments: the JSON object posted, or the form fields, plus query parameters (JSON/form wins).
    /// <c>Body</c> is the parsed JSON body (or the form fields as a JSON object of strings).
    /// </summary>
    private static (JsonNode? Body, JsonObject Args) ParseArguments(HttpRequest request, string bodyText)
    {
        var args = new JsonObject();
        JsonNode? body = null;
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            body = TryParseJson(bodyText);
            if (body is JsonObject json)
            {
                foreach (var (name, value) in json)
                {
                    args[name] = value?.DeepClone();
                }
            }
        }
        else if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var form = new JsonObject();
            foreach (var (name, value) in QueryHelpers.ParseQuery(bodyText))
            {
                form[name] = value.ToString();
                args[name] = value.ToString();
            }

            body = form;
        }

        foreach (var (name, value) in QueryHelpers.ParseQuery(request.QueryString.Value))
        {
            if (!args.ContainsKey(name))
            {
                args[name] = value.ToString();
            }
        }

        return (body, args);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await ReadBodyAsync(request, leaveOpen: false, cancellationToken);

    private static async Task<string> ReadBodyAsync(HttpRequest request, bool leaveOpen, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: leaveOpen);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static JsonNode? TryParseJson(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string argument; a non-string JSON value as its JSON text; "" when absent.</summary>
    private static string Text(JsonObject args, string name) => args[name] switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => other.ToJsonString(),
    };

    /// <summary><c>blocks</c> as an array, whether posted as JSON or as a JSON string in a form field.</summary>
    private static JsonArray? Blocks(JsonObject args) => args["blocks"] switch
    {
        JsonArray array => array,
        JsonValue value when value.TryGetValue<string>(out var text) => TryParseJson(text) as JsonArray,
        _ => null,
    };

    /// <summary><c>view</c> as an object, whether posted as JSON or as a JSON string in a form field.</summary>
    private static JsonObject? View(JsonObject args) => args["view"] switch
    {
        JsonObject view => view,
        JsonValue value when value.TryGetValue<string>(out var text) => TryParseJson(text) as JsonObject,
        _ => null,
    };

    private string NextTs()
    {
        var micro = Interlocked.Increment(ref _tsCounter);
        return (micro / 1_000_000).ToString(CultureInfo.InvariantCulture) + "." + (micro % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static ApiAnswer Ok(JsonObject fields)
    {
        var json = new JsonObject { ["ok"] = true };
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            json[name] = value;
        }

        return new ApiAnswer(StatusCodes.Status200OK, json, null);
    }

    private static ApiAnswer Error(string error) => new(StatusCodes.Status200OK, JsonNode.Parse(ErrorBody(error)), null);

    /// <summary>An answer of the fake: status, JSON body (none when null), optional <c>Retry-After</c>.</summary>
    private sealed record ApiAnswer(int StatusCode, JsonNode? Json, TimeSpan? RetryAfter)
    {
        public async Task WriteAsync(HttpContext context)
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            context.Response.StatusCode = StatusCode;
            if (RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            if (Json is not null)
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync(Json.ToJsonString(), context.RequestAborted);
            }
        }
    }

    private sealed record ScriptedFailure(string Method, int StatusCode, string? JsonBody, TimeSpan? RetryAfter, string? Channel = null)
    {
        public ApiAnswer ToAnswer() => new(StatusCode, JsonBody is null ? null : JsonNode.Parse(JsonBody), RetryAfter);
    }
}

/// <summary>
/// One Web API call the fake received. <see cref="Method"/> is the API method (<c>chat.postMessage</c>);
/// <see cref="Body"/> the parsed JSON body (form bodies as a JSON object of strings; null for none or invalid JSON);
/// <see cref="Args"/> the arguments from body and query string together; <see cref="Response"/> what the fake answered
/// (null for a scripted 500). <see cref="ReceivedAt"/> and <see cref="AnsweredAt"/> are real (system) times; they differ
/// by the scripted delay.
/// </summary>
public sealed record SlackApiCall(
    string Method,
    string HttpMethod,
    string? ContentType,
    string? Authorization,
    IReadOnlyDictionary<string, string> Headers,
    JsonNode? Body,
    JsonObject Args,
    string BodyText,
    int StatusCode,
    JsonNode? Response,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AnsweredAt)
{
    /// <summary>HTTP 200 with <c>"ok":true</c>.</summary>
    public bool Ok => StatusCode == StatusCodes.Status200OK && Response?["ok"]?.GetValue<bool>() == true;

    /// <summary>The <c>error</c> the fake answered, if any.</summary>
    public string? Error => Response?["error"]?.GetValue<string>();

    /// <summary>An argument as text (a JSON string's value, other JSON as its text), null when absent.</summary>
    public string? Arg(string name) => Args[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => other.ToJsonString(),
    };
}

/// <summary>
/// A file shared by <c>files.completeUploadExternal</c>: its id, the name given to <c>files.getUploadURLExternal</c>, its
/// title, the channel it was shared in (null: kept private), the message introducing it and the bytes uploaded.
/// </summary>
public sealed record SlackSharedFile(string Id, string Filename, string Title, string? Channel, string InitialComment, byte[] Bytes);

/// <summary>One post to a response URL of the fake (<see cref="FakeSlackApi.ResponseUrl"/>) and the status it answered.</summary>
public sealed record ResponseUrlPost(
    string Id,
    string? ContentType,
    IReadOnlyDictionary<string, string> Headers,
    JsonNode? Body,
    string BodyText,
    int StatusCode);

/// <summary>One HTTP request the fake received, as it came over the wire.</summary>
public sealed record SlackRequest(string HttpMethod, string Path, string Query, string? Authorization, string? ContentType, string Body)
{
    /// <summary>The Web API method name (<c>chat.postMessage</c>) for requests under <c>/api/</c>, else empty.</summary>
    public string ApiMethod => Path.StartsWith("/api/", StringComparison.Ordinal) ? Path["/api/".Length..] : "";

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

/// <summary>A scripted raw answer; a null body is sent as no body at all. <paramref name="Delay"/> (real time) comes first, to make an attempt time out.</summary>
public sealed record SlackAnswer(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, string ContentType = "application/json; charset=utf-8", TimeSpan Delay = default)
{
    public static SlackAnswer Ok(string json = """{"ok":true}""") => new(200, json);

    public static SlackAnswer Error(string code) => new(200, $$"""{"ok":false,"error":"{{code}}"}""");

    public static SlackAnswer RateLimited(int seconds) => new(429, null, new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) });
}
