using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SignOffBot.Host.Teams;
using SignOffBot.Host.Teams.Payloads;

namespace SignOffBot.Testing.Teams;

/// <summary>
/// The Bot Framework played on one loopback Kestrel server (<c>http://127.0.0.1:&lt;port&gt;</c>), signing and answering
/// the way the real one does:
/// <list type="bullet">
/// <item>the channel's OpenID metadata and key set (<see cref="OpenIdMetadataUrl"/>), keys carrying <c>endorsements</c>;</item>
/// <item>the Entra client-credentials token endpoint (<see cref="TokenEndpoint"/>);</item>
/// <item>the Bot Connector under <see cref="ServiceUrl"/> (create conversation, send, reply, update, get member), which
/// demands a token this fake issued, records every request and can be scripted to fail;</item>
/// <item>the OneDrive upload sessions a file consent gives (<see cref="FileConsentActivity"/>): <c>PUT /upload/{id}</c> takes the
/// whole file with its <c>Content-Range</c>, refuses an Authorization header (401, as such URLs do), a wrong range (400)
/// and a session unknown or already used (404), and keeps the bytes (<see cref="Uploads"/>).</item>
/// </list>
/// <see cref="ChannelToken"/> mints the JWT the channel puts on its requests to the bot; <see cref="MessageActivity"/> and
/// <see cref="InvokeActivity"/> build Teams-shaped activities.
/// Tokens use the real clock (IdentityModel validates against it), not the host's fake time.
/// </summary>
public sealed class FakeBotFramework : IAsyncDisposable
{
    public const string EndorsedKeyId = "test-key-1";

    /// <summary>A published key endorsed only for <c>webchat</c>.</summary>
    public const string WebchatOnlyKeyId = "no-endorsement-key";

    /// <summary>A key this fake can sign with but never publishes (until <see cref="PublishKey"/>).</summary>
    public const string UnpublishedKeyId = "unpublished-key";

    public const string DefaultAppId = "00000000-0000-0000-0000-00000000b07a";
    public const string DefaultAppPassword = "fake-app-password";
    public const string DefaultTenantId = "72f988bf-0000-0000-0000-000000000001";

    private const string ConnectorPrefix = "/connector";
    private const string KeysPath = "/v1/.well-known/keys";
    private const string MetadataPath = "/v1/.well-known/openidconfiguration";
    private const string TokenPath = "/{tenant}/oauth2/v2.0/token";

    /// <summary>Spelled here, not borrowed from the code under test: the fake plays the platform.</summary>
    private const string ServiceUrlClaim = "serviceurl";

    /// <summary>The three standard keys, generated once per test run (RSA key generation is slow) and never disposed.</summary>
    private static readonly Lazy<RSA[]> SharedKeys = new(() => [RSA.Create(2048), RSA.Create(2048), RSA.Create(2048)]);

    private WebApplication _app = null!;
    private readonly ConcurrentDictionary<string, TestKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _issuedTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _members = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<ConnectorRequest> _connectorRequests = [];
    private readonly List<TokenRequest> _tokenRequests = [];
    private readonly List<ScriptedFailure> _connectorFailures = [];
    private readonly Queue<ScriptedFailure> _tokenFailures = new();
    private readonly ConcurrentDictionary<string, UploadSession> _uploadSessions = new(StringComparer.Ordinal);
    private readonly List<FileUpload> _uploads = [];
    private int _metadataFetches;
    private int _keysFetches;
    private long _nextActivityId = 1_700_000_000_000;
    private int _operations;
    private int _tokens;

    private FakeBotFramework(string appId, string appPassword)
    {
        AppId = appId;
        AppPassword = appPassword;
        _keys[EndorsedKeyId] = new TestKey(EndorsedKeyId, SharedKeys.Value[0], ["msteams"], Owned: false) { Published = true };
        _keys[WebchatOnlyKeyId] = new TestKey(WebchatOnlyKeyId, SharedKeys.Value[1], ["webchat"], Owned: false) { Published = true };
        _keys[UnpublishedKeyId] = new TestKey(UnpublishedKeyId, SharedKeys.Value[2], ["msteams"], Owned: false) { Published = false };
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>, no trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    public string OpenIdMetadataUrl => BaseUrl + MetadataPath;

    public string KeysUrl => BaseUrl + KeysPath;

    /// <summary>Entra's shape: <c>/{tenant}/oauth2/v2.0/token</c>, for <see cref="TenantId"/>.</summary>
    public string TokenEndpoint => $"{BaseUrl}/{TenantId}/oauth2/v2.0/token";

    /// <summary>The Bot Connector base, with its trailing slash like the real ones (<c>https://smba.trafficmanager.net/emea/</c>).</summary>
    public string ServiceUrl => BaseUrl + ConnectorPrefix + "/";

    public string AppId { get; }

    public string AppPassword { get; }

    public string TenantId { get; set; } = DefaultTenantId;

    /// <summary>The <c>expires_in</c> of the access tokens the token endpoint hands out.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    public int MetadataFetchCount => Volatile.Read(ref _metadataFetches);

    public int KeysFetchCount => Volatile.Read(ref _keysFetches);

    /// <summary>Every request the connector received (also refused ones), in arrival order.</summary>
    public IReadOnlyList<ConnectorRequest> ConnectorRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _connectorRequests];
            }
        }
    }

    /// <summary>Every PUT to an upload URL (also refused ones), in arrival order.</summary>
    public IReadOnlyList<FileUpload> Uploads
    {
        get
        {
            lock (_gate)
            {
                return [.. _uploads];
            }
        }
    }

    /// <summary>Every request the token endpoint received, in arrival order.</summary>
    public IReadOnlyList<TokenRequest> TokenRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _tokenRequests];
            }
        }
    }

    /// <summary>
    /// Raw answers for tests of the connector client itself, ahead of the connector this fake plays (after its token
    /// check, as the real one): while <see cref="Always"/> answers, every request gets its answer; otherwise the next
    /// request takes the first of <see cref="Script"/>.
    /// </summary>
    public ConcurrentQueue<ConnectorAnswer> Script { get; } = new();

    /// <inheritdoc cref="Script"/>
    public Func<string, ConnectorAnswer?>? Always { get; set; }

    /// <summary>Raw answers for the next token requests, in order, ahead of the token endpoint this fake plays.</summary>
    public ConcurrentQueue<ConnectorAnswer> TokenScript { get; } = new();

    /// <summary>
    /// The token endpoint refuses the bot's client secret from now on (401 <c>invalid_client</c>, as Entra answers once
    /// the secret expired or was deleted), until set back to false.
    /// </summary>
    public bool RefuseCredentials { get; set; }

    /// <summary>How long the token endpoint takes (real time), to make concurrent callers overlap.</summary>
    public TimeSpan TokenDelay { get; set; }

    /// <summary>The access tokens the token endpoint handed out that the connector still accepts.</summary>
    public IReadOnlyCollection<string> IssuedTokens => [.. _issuedTokens.Keys];

    public static async Task<FakeBotFramework> StartAsync(string appId = DefaultAppId, string appPassword = DefaultAppPassword)
    {
        var fake = new FakeBotFramework(appId, appPassword);
        (fake._app, fake.BaseUrl) = await LoopbackServer.StartAsync(fake.MapRoutes);
        return fake;
    }

    /// <summary>A <see cref="TeamsOptions"/> pointing at this fake (Teams on).</summary>
    public TeamsOptions Options() => new()
    {
        AppId = AppId,
        AppPassword = AppPassword,
        TenantId = TenantId,
        OpenIdMetadataUrl = OpenIdMetadataUrl,
        TokenEndpoint = TokenEndpoint,
    };

    /// <summary>The same as configuration keys, for a host under test (<c>Teams:AppId</c>, …).</summary>
    public IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        [$"{TeamsOptions.Section}:AppId"] = AppId,
        [$"{TeamsOptions.Section}:AppPassword"] = AppPassword,
        [$"{TeamsOptions.Section}:TenantId"] = TenantId,
        [$"{TeamsOptions.Section}:OpenIdMetadataUrl"] = OpenIdMetadataUrl,
        [$"{TeamsOptions.Section}:TokenEndpoint"] = TokenEndpoint,
    };

    // ---------------------------------------------------------------- channel keys and tokens

    /// <summary>Creates a signing key; published (in the key set) unless <paramref name="publish"/> is false.</summary>
    public void AddKey(string keyId, bool publish, params string[] endorsements) =>
        _keys[keyId] = new TestKey(keyId, RSA.Create(2048), endorsements, Owned: true) { Published = publish };

    /// <summary>Creates a published signing key (key rollover: the channel starts using a key the bot has not cached).</summary>
    public void AddKey(string keyId, params string[] endorsements) => AddKey(keyId, publish: true, endorsements);

    public void PublishKey(string keyId) => _keys[keyId].Published = true;

    public void UnpublishKey(string keyId) => _keys[keyId].Published = false;

    /// <summary>
    /// A channel JWT as the Bot Framework sends it to the bot: RS256, <c>kid</c> in the header, <c>iss</c>
    /// https://api.botframework.com, <c>aud</c> the app id, <c>serviceurl</c>, <c>nbf</c>/<c>exp</c> around the real clock.
    /// </summary>
    /// <param name="issuer">Overrides <c>iss</c>.</param>
    /// <param name="audience">Overrides <c>aud</c>.</param>
    /// <param name="serviceUrl">Overrides the <c>serviceurl</c> claim (default <see cref="ServiceUrl"/>); "" leaves it out.</param>
    /// <param name="expiresIn">When the token expires, from now (negative: already expired). Default one hour.</param>
    /// <param name="notBeforeIn">When the token becomes valid, from now. Default: one hour before it expires, at the latest now.</param>
    /// <param name="signingKeyId">The key that signs (<see cref="EndorsedKeyId"/>, <see cref="WebchatOnlyKeyId"/>, <see cref="UnpublishedKeyId"/> or one added).</param>
    /// <param name="headerKeyId">The <c>kid</c> written in the header, when it should differ from the signing key's.</param>
    /// <param name="algorithm">The RSA signature algorithm (RS256 by default).</param>
    /// <param name="tamperSignature">Flips bits of the signature after signing.</param>
    /// <param name="extraClaims">More claims (e.g. <c>appid</c>).</param>
    public string ChannelToken(
        string? issuer = null,
        string? audience = null,
        string? serviceUrl = null,
        TimeSpan? expiresIn = null,
        TimeSpan? notBeforeIn = null,
        string signingKeyId = EndorsedKeyId,
        string? headerKeyId = null,
        string algorithm = SecurityAlgorithms.RsaSha256,
        bool tamperSignature = false,
        IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var expires = now + (expiresIn ?? TimeSpan.FromHours(1));
        var notBefore = notBeforeIn is { } nbf ? now + nbf : Min(now, expires - TimeSpan.FromHours(1));
        var rsa = _keys[signingKeyId].Rsa;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        serviceUrl ??= ServiceUrl;
        if (serviceUrl.Length > 0)
        {
            claims[ServiceUrlClaim] = serviceUrl;
        }

        foreach (var (type, value) in extraClaims ?? new Dictionary<string, object>())
        {
            claims[type] = value;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? TeamsOptions.ChannelIssuer,
            Audience = audience ?? AppId,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = headerKeyId ?? signingKeyId }, algorithm),
        };
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
        return tamperSignature ? TamperSignature(token) : token;
    }

    /// <summary>The <c>Authorization</c> header value for <see cref="ChannelToken"/>.</summary>
    public string ChannelAuthorization(string? token = null) => "Bearer " + (token ?? ChannelToken());

    // ---------------------------------------------------------------- activities

    /// <summary>A Teams <c>message</c> activity from a user, as the channel posts it to <c>/api/messages</c>.</summary>
    public Activity MessageActivity(
        string text,
        string fromId = "29:1user-ana",
        string? fromAadObjectId = "6f1c0000-0000-0000-0000-00000000a0a0",
        string? fromName = "Ana Ortiz",
        string? conversationId = null,
        string conversationType = "personal",
        string? teamsChannelId = null,
        string channelId = "msteams",
        string? serviceUrl = null) =>
        BaseActivity("message", fromId, fromAadObjectId, fromName, conversationId, conversationType, teamsChannelId, channelId, serviceUrl) with
        {
            Text = text,
            TextFormat = "plain",
        };

    /// <summary>A Teams <c>invoke</c> activity (e.g. <c>adaptiveCard/action</c> with its value), as the channel posts it.</summary>
    public Activity InvokeActivity(
        string name,
        JsonNode? value,
        string fromId = "29:1user-ana",
        string? fromAadObjectId = "6f1c0000-0000-0000-0000-00000000a0a0",
        string? fromName = "Ana Ortiz",
        string? conversationId = null,
        string conversationType = "personal",
        string? teamsChannelId = null,
        string? replyToId = null,
        string channelId = "msteams",
        string? serviceUrl = null) =>
        BaseActivity("invoke", fromId, fromAadObjectId, fromName, conversationId, conversationType, teamsChannelId, channelId, serviceUrl) with
        {
            Name = name,
            Value = value is null ? null : JsonSerializer.SerializeToElement(value),
            ReplyToId = replyToId,
        };

    /// <summary>
    /// The <c>fileConsent/invoke</c> Teams sends when a user answers the file consent card the bot posted in
    /// <paramref name="card"/> (its request to the connector), in the conversation it was posted to: accept carries the
    /// card's <c>acceptContext</c> and <c>uploadInfo</c> (an upload URL on this fake, where the file will be, its unique id
    /// and type); decline carries the <c>declineContext</c>.
    /// </summary>
    public Activity FileConsentActivity(
        ConnectorRequest card,
        bool accept,
        string fromId = "29:1user-ana",
        string? fromAadObjectId = "6f1c0000-0000-0000-0000-00000000a0a0",
        string? fromName = "Ana Ortiz")
    {
        var attachment = card.Body?["attachments"]?.AsArray().FirstOrDefault(a => (string?)a?["contentType"] == TeamsFileCards.ConsentType)
            ?? throw new ArgumentException("The request posted no file consent card.", nameof(card));
        var name = (string?)attachment["name"] ?? "file";
        var value = new JsonObject
        {
            ["type"] = "fileUpload",
            ["action"] = accept ? "accept" : "decline",
            ["context"] = attachment["content"]?[accept ? "acceptContext" : "declineContext"]?.DeepClone(),
        };
        if (accept)
        {
            value["uploadInfo"] = UploadInfo(name);
        }

        return InvokeActivity(FileConsentName, value, fromId, fromAadObjectId, fromName, conversationId: card.ConversationId, replyToId: card.CreatedId);
    }

    public const string FileConsentName = "fileConsent/invoke";

    /// <summary>
    /// A new upload session for <paramref name="name"/>, as Teams gives it when a file is accepted: the <c>uploadInfo</c>
    /// with the upload URL on this fake, the URL the file will have, its unique id and its type (the name's extension).
    /// </summary>
    public JsonObject UploadInfo(string name)
    {
        var session = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var uniqueId = Guid.NewGuid().ToString().ToUpperInvariant();
        _uploadSessions[session] = new UploadSession(session, name, uniqueId);
        return new JsonObject
        {
            ["contentUrl"] = $"{BaseUrl}/files/{Uri.EscapeDataString(name)}",
            ["name"] = name,
            ["uploadUrl"] = $"{BaseUrl}/upload/{session}",
            ["uniqueId"] = uniqueId,
            ["fileType"] = Path.GetExtension(name).TrimStart('.'),
            ["etag"] = "1",
        };
    }

    /// <summary>
    /// <paramref name="activity"/> as the channel sends it from another tenant: <c>conversation.tenantId</c> and
    /// <c>channelData.tenant.id</c> both set to <paramref name="tenantId"/> (null leaves that place out).
    /// </summary>
    public static Activity InTenant(Activity activity, string? tenantId, string? channelDataTenantId = null)
    {
        var channelData = activity.ChannelData is { } data ? JsonNode.Parse(data.GetRawText())!.AsObject() : new JsonObject();
        channelDataTenantId ??= tenantId;
        if (channelDataTenantId is null)
        {
            channelData.Remove("tenant");
        }
        else
        {
            channelData["tenant"] = new JsonObject { ["id"] = channelDataTenantId };
        }

        return activity with
        {
            Conversation = (activity.Conversation ?? new ConversationAccount()) with { TenantId = tenantId },
            ChannelData = JsonSerializer.SerializeToElement(channelData),
        };
    }

    /// <summary>The JSON the channel would post for <paramref name="activity"/>.</summary>
    public static string Json(Activity activity) => JsonSerializer.Serialize(activity, TeamsJson.Options);

    private Activity BaseActivity(
        string type,
        string fromId,
        string? fromAadObjectId,
        string? fromName,
        string? conversationId,
        string conversationType,
        string? teamsChannelId,
        string channelId,
        string? serviceUrl)
    {
        var inChannel = conversationType == "channel";
        teamsChannelId ??= inChannel ? "19:release-channel@thread.tacv2" : null;
        conversationId ??= inChannel
            ? $"{teamsChannelId};messageid={NextActivityId()}"
            : $"a:1personal-{fromId.Replace(":", "-", StringComparison.Ordinal)}";
        var channelData = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } };
        if (inChannel)
        {
            channelData["channel"] = new JsonObject { ["id"] = teamsChannelId };
            channelData["team"] = new JsonObject { ["id"] = teamsChannelId };
            channelData["teamsChannelId"] = teamsChannelId;
        }

        return new Activity
        {
            Type = type,
            Id = NextActivityId(),
            ChannelId = channelId,
            ServiceUrl = serviceUrl ?? ServiceUrl,
            From = new ChannelAccount { Id = fromId, Name = fromName, AadObjectId = fromAadObjectId },
            Recipient = new ChannelAccount { Id = "28:" + AppId, Name = "SignOffBot" },
            Conversation = new ConversationAccount
            {
                Id = conversationId,
                ConversationType = conversationType,
                TenantId = TenantId,
                IsGroup = inChannel || conversationType == "groupChat" ? true : null,
            },
            ChannelData = JsonSerializer.SerializeToElement(channelData),
        };
    }

    // ---------------------------------------------------------------- connector and token scripting

    /// <summary>Members per page of <c>pagedmembers</c>.</summary>
    public const int RosterPageSize = 2;

    /// <summary>The channels <c>GET /v3/teams/{teamId}/conversations</c> lists: General (the team's id) and the others.</summary>
    public List<(string Id, string Name)> ExtraChannels { get; } = [];

    private IEnumerable<(string Id, string Name)> TeamChannels(string teamId) => [(teamId, "General"), .. ExtraChannels];

    /// <summary>
    /// <c>conversationUpdate</c> as Teams sends it when the app is installed in a team: the bot among
    /// <c>membersAdded</c>, <c>channelData.team</c> and <c>eventType</c> <c>teamMemberAdded</c>, in the General channel.
    /// </summary>
    public Activity BotAddedToTeamActivity(string teamId, string? serviceUrl = null)
    {
        var channelData = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = TenantId },
            ["team"] = new JsonObject { ["id"] = teamId, ["name"] = "Fraud detection" },
            ["eventType"] = "teamMemberAdded",
        };
        return new Activity
        {
            Type = "conversationUpdate",
            Id = NextActivityId(),
            ChannelId = "msteams",
            ServiceUrl = serviceUrl ?? ServiceUrl,
            From = new ChannelAccount { Id = "29:1installer", AadObjectId = "00000000-0000-0000-0000-0000000000aa" },
            Recipient = new ChannelAccount { Id = "28:" + AppId, Name = "SignOffBot" },
            Conversation = new ConversationAccount { Id = teamId, ConversationType = "channel", TenantId = TenantId, IsGroup = true },
            MembersAdded = [new ChannelAccount { Id = "28:" + AppId }],
            ChannelData = JsonSerializer.SerializeToElement(channelData),
        };
    }

    /// <summary>A member the connector's GET …/members/{userId} knows (in any conversation).</summary>
    public void AddMember(string userId, string? aadObjectId, string? name = null, string? email = null, string? userPrincipalName = null)
    {
        var member = new JsonObject
        {
            ["id"] = userId,
            ["name"] = name,
            ["aadObjectId"] = aadObjectId,
            ["email"] = email,
            ["userPrincipalName"] = userPrincipalName ?? email,
            ["tenantId"] = TenantId,
            ["userRole"] = "user",
        };
        _members[userId] = member;
    }

    /// <summary>
    /// The next connector request whose connector-relative, decoded path (e.g. <c>/v3/conversations/a:1/activities</c>)
    /// starts with <paramref name="pathPrefix"/> (and whose method is <paramref name="method"/>, if given) gets this answer
    /// instead of the normal one. Several scripted failures are used in the order they were added.
    /// </summary>
    public void FailNext(string pathPrefix, int statusCode, string? jsonBody = null, TimeSpan? retryAfter = null, string? method = null)
    {
        lock (_gate)
        {
            _connectorFailures.Add(new ScriptedFailure(pathPrefix, method, statusCode, jsonBody, retryAfter));
        }
    }

    /// <summary>429 with <c>Retry-After</c> (seconds), as Teams throttles.</summary>
    public void FailNextThrottled(string pathPrefix, int retryAfterSeconds = 1, string? method = null) =>
        FailNext(pathPrefix, StatusCodes.Status429TooManyRequests,
            ErrorBody("Throttled", "Too many requests, retry after the time given in Retry-After."),
            TimeSpan.FromSeconds(retryAfterSeconds), method);

    /// <summary>403 MessageWritesBlocked: the user blocked the bot or uninstalled it.</summary>
    public void FailNextMessageWritesBlocked(string pathPrefix, string? method = null) =>
        FailNext(pathPrefix, StatusCodes.Status403Forbidden,
            ErrorBody("Forbidden", "Failed to send activity: bot returned MessageWritesBlocked error. The user has blocked the bot."),
            method: method);

    /// <summary>The Bot Connector's error envelope: <c>{"error":{"code":…,"message":…}}</c>.</summary>
    public static string ErrorBody(string code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();

    /// <summary>The next token request gets this answer (e.g. 429, 500, 400 invalid_client).</summary>
    public void FailNextTokenRequest(int statusCode, string? jsonBody = null, TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            _tokenFailures.Enqueue(new ScriptedFailure(TokenPath, "POST", statusCode, jsonBody, retryAfter));
        }
    }

    /// <summary>The connector stops accepting every token issued so far (as when they expire): next calls get 401.</summary>
    public void RevokeIssuedTokens() => _issuedTokens.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var key in _keys.Values.Where(k => k.Owned))
        {
            key.Rsa.Dispose();
        }
    }

    // ---------------------------------------------------------------- server

    private void MapRoutes(WebApplication app)
    {
        app.MapGet(MetadataPath, () =>
        {
            Interlocked.Increment(ref _metadataFetches);
            return JsonResult(new JsonObject
            {
                ["issuer"] = TeamsOptions.ChannelIssuer,
                ["authorization_endpoint"] = "https://invalid.botframework.com",
                ["jwks_uri"] = KeysUrl,
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            });
        });

        app.MapGet(KeysPath, () =>
        {
            Interlocked.Increment(ref _keysFetches);
            var keys = new JsonArray();
            foreach (var key in _keys.Values.Where(k => k.Published).OrderBy(k => k.KeyId, StringComparer.Ordinal))
            {
                var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
                keys.Add(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = key.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    ["endorsements"] = new JsonArray([.. key.Endorsements.Select(e => (JsonNode?)JsonValue.Create(e))]),
                });
            }

            return JsonResult(new JsonObject { ["keys"] = keys });
        });

        app.MapPost(TokenPath, (Func<HttpContext, Task<IResult>>)HandleTokenAsync);
        app.MapPut("/upload/{session}", (Func<HttpContext, string, Task<IResult>>)HandleUploadAsync);
        app.Map(ConnectorPrefix + "/{**rest}", (Func<HttpContext, Task<IResult>>)HandleConnectorAsync);
    }

    /// <summary>One PUT of a whole file into an upload session, as OneDrive answers it: 201 with the new drive item.</summary>
    private async Task<IResult> HandleUploadAsync(HttpContext context, string session)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var bytes = buffer.ToArray();
        var range = context.Request.Headers.ContentRange.ToString();
        var authorization = context.Request.Headers.Authorization.ToString();
        (int Status, string Code) answer;
        lock (_gate)
        {
            answer = authorization.Length > 0 ? (StatusCodes.Status401Unauthorized, "unauthenticated")
                : !_uploadSessions.TryGetValue(session, out var open) || open.Done ? (StatusCodes.Status404NotFound, "itemNotFound")
                : range != $"bytes 0-{bytes.Length - 1}/{bytes.Length}" || bytes.Length == 0 ? (StatusCodes.Status400BadRequest, "invalidRange")
                : (StatusCodes.Status201Created, "");
            var name = _uploadSessions.TryGetValue(session, out var known) ? known.Name : "";
            if (answer.Status == StatusCodes.Status201Created)
            {
                _uploadSessions[session] = known! with { Done = true };
            }

            _uploads.Add(new FileUpload(session, name, range, authorization.Length == 0 ? null : authorization, bytes, answer.Status));
        }

        if (answer.Status != StatusCodes.Status201Created)
        {
            return JsonResult(JsonNode.Parse(ErrorBody(answer.Code, "The upload was refused."))!, answer.Status);
        }

        var item = _uploadSessions[session];
        return JsonResult(new JsonObject { ["id"] = item.UniqueId, ["name"] = item.Name, ["size"] = bytes.Length, ["file"] = new JsonObject() }, StatusCodes.Status201Created);
    }

    private sealed record UploadSession(string Id, string Name, string UniqueId, bool Done = false);

    private async Task<IResult> HandleTokenAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        if (TokenDelay > TimeSpan.Zero)
        {
            await Task.Delay(TokenDelay);
        }

        var scripted = TokenScript.TryDequeue(out var next) ? next : null;
        var (status, result) = scripted is not null ? (scripted.Status, scripted.ToResult()) : AnswerToken(form);
        lock (_gate)
        {
            _tokenRequests.Add(new TokenRequest(form, context.Request.ContentType, status, context.Request.Path.Value ?? ""));
        }

        return scripted is not null && !await scripted.WaitAsync(context.RequestAborted) ? Results.Empty : result;
    }

    private (int Status, IResult Result) AnswerToken(Dictionary<string, string> form)
    {
        ScriptedFailure? failure = null;
        lock (_gate)
        {
            if (_tokenFailures.Count > 0)
            {
                failure = _tokenFailures.Dequeue();
            }
        }

        if (failure is not null)
        {
            return (failure.StatusCode, failure.ToResult());
        }

        string Field(string name) => form.TryGetValue(name, out var value) ? value : "";
        if (Field("grant_type") != "client_credentials")
        {
            return Entra(StatusCodes.Status400BadRequest, "unsupported_grant_type", "AADSTS70003: grant_type must be client_credentials.");
        }

        if (Field("client_id") != AppId)
        {
            return Entra(StatusCodes.Status400BadRequest, "unauthorized_client", $"AADSTS700016: Application with identifier '{Field("client_id")}' was not found in the directory.");
        }

        if (Field("client_secret") != AppPassword || RefuseCredentials)
        {
            return Entra(StatusCodes.Status401Unauthorized, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
        }

        if (Field("scope") != TeamsOptions.ConnectorScope)
        {
            return Entra(StatusCodes.Status400BadRequest, "invalid_scope", $"AADSTS70011: The provided value '{Field("scope")}' for the input parameter 'scope' is not valid.");
        }

        var accessToken = $"tok-{Interlocked.Increment(ref _tokens)}";
        _issuedTokens[accessToken] = 0;
        return (StatusCodes.Status200OK, JsonResult(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenLifetimeSeconds,
            ["ext_expires_in"] = TokenLifetimeSeconds,
            ["access_token"] = accessToken,
        }));

        static (int, IResult) Entra(int status, string error, string description) =>
            (status, JsonResult(new JsonObject { ["error"] = error, ["error_description"] = description }, status));
    }

    private async Task<IResult> HandleConnectorAsync(HttpContext context)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToString();
        var rawPath = rawTarget.Split('?', 2)[0];
        var relativeRaw = rawPath.StartsWith(ConnectorPrefix, StringComparison.Ordinal) ? rawPath[ConnectorPrefix.Length..] : rawPath;
        var segments = relativeRaw.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var path = "/" + string.Join('/', segments);

        JsonNode? body = null;
        var bodyText = "";
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            bodyText = await reader.ReadToEndAsync(context.RequestAborted);
            try
            {
                body = bodyText.Length == 0 ? null : JsonNode.Parse(bodyText);
            }
            catch (JsonException)
            {
                body = null;
            }
        }

        // Route: v3/conversations[/{conversationId}/activities[/{activityId}] | /{conversationId}/members/{userId}]
        string? conversationId = segments.Length >= 3 ? segments[2] : null;
        string? activityId = segments.Length == 5 && segments[3] == "activities" ? segments[4] : null;
        string? userId = segments.Length == 5 && segments[3] == "members" ? segments[4] : null;
        var authorization = request.Headers.Authorization.ToString();

        context.Response.Headers["X-Correlating-OperationId"] = $"op-{Interlocked.Increment(ref _operations)}";
        const string bearer = "Bearer ";
        if (!authorization.StartsWith(bearer, StringComparison.Ordinal) || !_issuedTokens.ContainsKey(authorization[bearer.Length..]))
        {
            Record(StatusCodes.Status401Unauthorized, null);
            return JsonResult(new JsonObject { ["message"] = "Authorization has been denied for this request." }, StatusCodes.Status401Unauthorized);
        }

        // A scripted raw answer is recorded when it is taken: a client that gives up during its delay still sent the request.
        if ((Always?.Invoke(path) ?? (Script.TryDequeue(out var scripted) ? scripted : null)) is { } answer)
        {
            Record(answer.Status, null);
            return await answer.WaitAsync(context.RequestAborted) ? answer.ToResult() : Results.Empty;
        }

        var continuation = request.Query["continuationToken"].ToString();
        var (status, result) = AnswerConnector(request.Method, segments, path, conversationId, activityId, userId, body, bodyText, out var createdId, continuation);
        Record(status, createdId);
        return result;

        void Record(int status, string? createdId)
        {
            lock (_gate)
            {
                _connectorRequests.Add(new ConnectorRequest(
                    request.Method, path, rawPath, conversationId, activityId, userId,
                    authorization.Length == 0 ? null : authorization, request.ContentType, body, bodyText, status, TimeProvider.System.GetUtcNow(), createdId));
            }
        }
    }

    private (int Status, IResult Result) AnswerConnector(
        string method,
        string[] segments,
        string path,
        string? conversationId,
        string? activityId,
        string? userId,
        JsonNode? body,
        string bodyText,
        out string? createdId,
        string continuation = "")
    {
        createdId = null;
        var failure = TakeFailure(method, path);
        if (failure is not null)
        {
            return (failure.StatusCode, failure.ToResult());
        }

        if (method == "GET" && segments is ["v3", "teams", var team, "conversations"])
        {
            var channels = new JsonArray([.. TeamChannels(team).Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["name"] = c.Name })]);
            return (StatusCodes.Status200OK, JsonResult(new JsonObject { ["conversations"] = channels }));
        }

        if (method == "GET" && segments is ["v3", "conversations", _, "pagedmembers"])
        {
            // Pages of RosterPageSize, so a reader must follow continuationToken.
            var all = _members.Values.OrderBy(m => (string?)m["id"], StringComparer.Ordinal).ToList();
            var start = int.TryParse(continuation, out var from) ? from : 0;
            var page = new JsonArray([.. all.Skip(start).Take(RosterPageSize).Select(m => (JsonNode)m.DeepClone())]);
            var answer = new JsonObject { ["members"] = page };
            if (start + RosterPageSize < all.Count)
            {
                answer["continuationToken"] = (start + RosterPageSize).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return (StatusCodes.Status200OK, JsonResult(answer));
        }

        var isConversations = segments.Length >= 2 && segments[0] == "v3" && segments[1] == "conversations";
        if (!isConversations)
        {
            return NotFound("BadSyntax", $"Unknown connector path {path}");
        }

        var writes = method is "POST" or "PUT";
        if (writes && (body is not JsonObject || bodyText.Length == 0))
        {
            return (StatusCodes.Status400BadRequest,
                JsonResult(JsonNode.Parse(ErrorBody("BadArgument", "The request body must be a JSON object."))!, StatusCodes.Status400BadRequest));
        }

        switch (method, segments.Length)
        {
            case ("POST", 2):
            {
                var response = new JsonObject { ["id"] = "a:" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) };
                if (body?["activity"] is JsonObject)
                {
                    // A new thread in a channel is the channel's id with the root message's id, as Teams answers.
                    var root = NextActivityId();
                    response["activityId"] = root;
                    if ((string?)body["channelData"]?["channel"]?["id"] is { } channel)
                    {
                        response["id"] = $"{channel};messageid={root}";
                    }
                }

                return Created(response);
            }

            case ("POST", 4) when segments[3] == "activities":
            case ("POST", 5) when segments[3] == "activities":
                createdId = NextActivityId();
                return Created(new JsonObject { ["id"] = createdId });

            case ("PUT", 5) when segments[3] == "activities":
                return (StatusCodes.Status200OK, JsonResult(new JsonObject { ["id"] = activityId }));

            case ("GET", 5) when segments[3] == "members":
                return userId is not null && _members.TryGetValue(userId, out var member)
                    ? (StatusCodes.Status200OK, JsonResult(member.DeepClone()))
                    : NotFound("MemberNotFoundInConversation", $"The member {userId} is not in conversation {conversationId}.");

            default:
                return NotFound("BadSyntax", $"No connector operation {method} {path}");
        }

        static (int, IResult) Created(JsonObject response) =>
            (StatusCodes.Status201Created, JsonResult(response, StatusCodes.Status201Created));

        static (int, IResult) NotFound(string code, string message) =>
            (StatusCodes.Status404NotFound, JsonResult(JsonNode.Parse(ErrorBody(code, message))!, StatusCodes.Status404NotFound));
    }

    private ScriptedFailure? TakeFailure(string method, string path)
    {
        lock (_gate)
        {
            var index = _connectorFailures.FindIndex(f =>
                path.StartsWith(f.PathPrefix, StringComparison.Ordinal)
                && (f.Method is null || string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase)));
            if (index < 0)
            {
                return null;
            }

            var failure = _connectorFailures[index];
            _connectorFailures.RemoveAt(index);
            return failure;
        }
    }

    private string NextActivityId() => Interlocked.Increment(ref _nextActivityId).ToString(CultureInfo.InvariantCulture);

    private static IResult JsonResult(JsonNode node, int statusCode = StatusCodes.Status200OK) =>
        Results.Text(node.ToJsonString(), "application/json; charset=utf-8", Encoding.UTF8, statusCode);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static string TamperSignature(string token)
    {
        var parts = token.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[0] ^= 0xFF;
        signature[^1] ^= 0xFF;
        return $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}";
    }

    private sealed record TestKey(string KeyId, RSA Rsa, string[] Endorsements, bool Owned)
    {
        public bool Published { get; set; }
    }

    private sealed record ScriptedFailure(string PathPrefix, string? Method, int StatusCode, string? JsonBody, TimeSpan? RetryAfter)
    {
        public IResult ToResult() => new FailureResult(this);
    }

    private sealed class FailureResult(ScriptedFailure failure) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = failure.StatusCode;
            if (failure.RetryAfter is { } retryAfter)
            {
                httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            if (failure.JsonBody is not null)
            {
                httpContext.Response.ContentType = "application/json; charset=utf-8";
                await httpContext.Response.WriteAsync(failure.JsonBody);
            }
        }
    }
}

/// <summary>
/// One request the fake connector received. <see cref="Path"/> is relative to the ServiceUrl with its segments decoded
/// (<c>/v3/conversations/19:abc@thread.tacv2/activities</c>); <see cref="RawPath"/> is what was on the wire (escaped);
/// <see cref="AnsweredAt"/> is real (system) time; <see cref="CreatedId"/> the id the fake gave a posted activity.
/// </summary>
public sealed record ConnectorRequest(
    string Method,
    string Path,
    string RawPath,
    string? ConversationId,
    string? ActivityId,
    string? UserId,
    string? Authorization,
    string? ContentType,
    JsonNode? Body,
    string BodyText,
    int StatusCode,
    DateTimeOffset AnsweredAt,
    string? CreatedId = null);

/// <summary>
/// One PUT to an upload URL of the fake: the session, the file's name, the <c>Content-Range</c> sent, any Authorization
/// header (there should be none), the bytes and the status answered (201 when stored).
/// </summary>
public sealed record FileUpload(string Session, string Name, string ContentRange, string? Authorization, byte[] Bytes, int StatusCode);

/// <summary>One request the fake token endpoint received (its form fields) and the status it answered.</summary>
public sealed record TokenRequest(IReadOnlyDictionary<string, string> Form, string? ContentType, int StatusCode, string Path = "");

/// <summary>A scripted raw answer of the connector or the token endpoint; <paramref name="Delay"/> (real time) comes first, to make an attempt time out.</summary>
public sealed record ConnectorAnswer(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    public IResult ToResult() => new Written(this);

    /// <summary>Waits out <see cref="Delay"/>; false when the client gave up on the attempt meanwhile.</summary>
    public async Task<bool> WaitAsync(CancellationToken requestAborted)
    {
        try
        {
            await Task.Delay(Delay, requestAborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed class Written(ConnectorAnswer answer) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
            {
                httpContext.Response.Headers[name] = value;
            }

            if (answer.Body is not null)
            {
                httpContext.Response.ContentType = "application/json; charset=utf-8";
                await httpContext.Response.WriteAsync(answer.Body);
            }
        }
    }
}
