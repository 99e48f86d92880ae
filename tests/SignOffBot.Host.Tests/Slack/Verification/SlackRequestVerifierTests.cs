using SignOffBot.Testing;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SignOffBot.Host.Http;
using SignOffBot.Host.Slack;
using SignOffBot.Host.Slack.Verification;
using SignOffBot.Testing.Slack;

namespace SignOffBot.Host.Tests.Slack.Verification;

public sealed class SlackRequestVerifierTests
{
    private const string Secret = "test-signing-secret-0123456789ab";

    // Slack's worked example (docs "Verifying requests from Slack"; python-slack-sdk's tests).
    private const string ExampleSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const long ExampleTimestamp = 1531420618;
    private const string ExampleBody =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
        + "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com"
        + "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string ExampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly DateTimeOffset Now = new(2026, 3, 9, 10, 15, 30, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);

    private static byte[] CommandBody(string text = "request-feedback REL-42") =>
        Encoding.UTF8.GetBytes(SlackSigner.FormEncode(SlackSigner.CommandFields(text, triggerId: "1.2.3")));

    private SlackRequestVerifier Verifier(string secret = Secret, TimeProvider? time = null) =>
        new(new FixedOptionsMonitor(new SlackOptions { SigningSecret = secret, BotToken = secret.Length == 0 ? "" : "xoxb-test" }), time ?? _time);

    private SlackSigner Signer(string secret = Secret) => new(secret, _time);

    private async Task<SlackVerification> VerifyAsync(byte[] body, SlackTamper? tamper = null, string secret = Secret)
    {
        var context = Signer(secret).SignedContext(body, tamper: tamper);
        return await Verifier(secret).VerifyAsync(context.Request, CancellationToken.None);
    }

    private static void AssertRefused(SlackVerification result, SlackVerificationFailure failure)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(failure, result.Failure);
        Assert.Equal(StatusCodes.Status401Unauthorized, result.StatusCode);
        Assert.Null(result.Body);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.DoesNotContain(Secret, result.Reason, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- accepted

    [Fact]
    public async Task Slacks_worked_example_verifies()
    {
        var then = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(ExampleTimestamp + 10));
        var body = Encoding.UTF8.GetBytes(ExampleBody);
        Assert.Equal(ExampleSignature, SlackSigner.Signature(ExampleSecret, ExampleTimestamp, body));

        var context = SlackSigner.UnsignedContext(body);
        context.Request.Headers["X-Slack-Request-Timestamp"] = "1531420618";
        context.Request.Headers["X-Slack-Signature"] = ExampleSignature;
        var result = await Verifier(ExampleSecret, then).VerifyAsync(context.Request, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(SlackVerificationFailure.None, result.Failure);
        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        Assert.Null(result.Reason);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(ExampleTimestamp), result.Timestamp);
        var form = SlackForm.Parse(result.Body!);
        Assert.Equal("/webhook-collect", form["command"]);
        Assert.Equal("", form["text"]);
        Assert.Equal("https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN", form["response_url"]);
    }

    [Fact]
    public async Task A_correctly_signed_request_is_accepted()
    {
        var result = await VerifyAsync(CommandBody());

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        Assert.Equal("request-feedback REL-42", SlackForm.Parse(result.Body!)["text"]);
    }

    [Fact]
    public async Task The_raw_body_is_returned_byte_for_byte()
    {
        // Not normalised in any way: odd spacing, CRLF, a BOM-like prefix, bytes that are not UTF-8, a trailing newline.
        byte[] body = [0xEF, 0xBB, 0xBF, .. "{ \"type\" :\"event_callback\",\r\n  \"x\":\"caf\u00e9 \u2705\" }\n"u8, 0xFF, 0x00, 0x80];
        var context = Signer().SignedContext(body, SlackSigner.JsonContentType, SlackSigner.EventsPath);
        var result = await Verifier().VerifyAsync(context.Request, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(body, result.Body);
    }

    [Fact]
    public async Task The_body_is_read_once_and_a_second_verification_reuses_it()
    {
        var body = CommandBody();
        var context = Signer().SignedContext(body);
        var verifier = Verifier();

        var first = await verifier.VerifyAsync(context.Request, CancellationToken.None);
        var second = await verifier.VerifyAsync(context.Request, CancellationToken.None);

        Assert.True(first.Succeeded, first.Reason);
        Assert.True(second.Succeeded, second.Reason);
        Assert.Equal(body, second.Body);
    }

    [Fact]
    public async Task An_empty_body_is_verified_like_any_other()
    {
        var result = await VerifyAsync([]);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Empty(result.Body!);
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    [InlineData(-300)]
    [InlineData(300)]
    public async Task A_timestamp_within_five_minutes_either_way_is_accepted(int offsetSeconds)
    {
        var result = await VerifyAsync(CommandBody(), SlackTamper.Offset(TimeSpan.FromSeconds(offsetSeconds)));

        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task A_signature_in_upper_case_hex_is_accepted()
    {
        var body = CommandBody();
        var timestamp = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = "v0=" + SlackSigner.Signature(Secret, timestamp, body)[3..].ToUpperInvariant();

        var result = await VerifyAsync(body, new SlackTamper { Signature = signature });

        Assert.True(result.Succeeded, result.Reason);
    }

    // ---------------------------------------------------------------- refused

    [Fact]
    public async Task No_signature_header_is_refused() =>
        AssertRefused(await VerifyAsync(CommandBody(), SlackTamper.NoSignature), SlackVerificationFailure.MissingHeader);

    [Fact]
    public async Task No_timestamp_header_is_refused() =>
        AssertRefused(await VerifyAsync(CommandBody(), SlackTamper.NoTimestamp), SlackVerificationFailure.MissingHeader);

    [Fact]
    public async Task Empty_headers_are_refused()
    {
        AssertRefused(await VerifyAsync(CommandBody(), new SlackTamper { Signature = "" }), SlackVerificationFailure.MissingHeader);
        AssertRefused(await VerifyAsync(CommandBody(), new SlackTamper { Timestamp = "" }), SlackVerificationFailure.MissingHeader);
    }

    [Fact]
    public async Task A_repeated_signature_header_is_refused()
    {
        var body = CommandBody();
        var context = Signer().SignedContext(body);
        context.Request.Headers.Append(SlackRequestVerifier.SignatureHeader, context.Request.Headers[SlackRequestVerifier.SignatureHeader].ToString());

        AssertRefused(await Verifier().VerifyAsync(context.Request, CancellationToken.None), SlackVerificationFailure.MissingHeader);
    }

    [Theory]
    [InlineData("v0=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("v0=")]
    [InlineData("v0=zz")]
    [InlineData("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("not a signature")]
    public async Task A_wrong_signature_is_refused(string signature) =>
        AssertRefused(await VerifyAsync(CommandBody(), new SlackTamper { Signature = signature }), SlackVerificationFailure.BadSignature);

    [Fact]
    public async Task A_signature_one_character_off_is_refused()
    {
        var body = CommandBody();
        var timestamp = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var good = SlackSigner.Signature(Secret, timestamp, body);
        var bad = good[..^1] + (good[^1] == '0' ? '1' : '0');

        AssertRefused(await VerifyAsync(body, new SlackTamper { Signature = bad }), SlackVerificationFailure.BadSignature);
        AssertRefused(await VerifyAsync(body, new SlackTamper { Signature = good + "0" }), SlackVerificationFailure.BadSignature);
    }

    [Fact]
    public async Task An_unknown_signature_version_is_refused() =>
        AssertRefused(await VerifyAsync(CommandBody(), new SlackTamper { Version = "v1" }), SlackVerificationFailure.BadSignature);

    [Fact]
    public async Task A_signature_made_with_another_secret_is_refused() =>
        AssertRefused(await VerifyAsync(CommandBody(), SlackTamper.WrongSecret), SlackVerificationFailure.BadSignature);

    [Fact]
    public async Task A_signature_over_a_different_body_is_refused() =>
        AssertRefused(
            await VerifyAsync(CommandBody("approve REL-42"), SlackTamper.OverBody(Encoding.UTF8.GetString(CommandBody("reject REL-42")))),
            SlackVerificationFailure.BadSignature);

    [Fact]
    public async Task A_body_changed_by_one_byte_is_refused()
    {
        var body = CommandBody();
        var altered = (byte[])body.Clone();
        altered[^1] ^= 0x01;

        AssertRefused(await VerifyAsync(altered, new SlackTamper { SignedBody = body }), SlackVerificationFailure.BadSignature);
    }

    [Fact]
    public async Task A_timestamp_six_minutes_old_is_refused() =>
        AssertRefused(await VerifyAsync(CommandBody(), SlackTamper.Offset(TimeSpan.FromMinutes(-6))), SlackVerificationFailure.StaleTimestamp);

    [Fact]
    public async Task A_timestamp_six_minutes_in_the_future_is_refused() =>
        AssertRefused(await VerifyAsync(CommandBody(), SlackTamper.Offset(TimeSpan.FromMinutes(6))), SlackVerificationFailure.StaleTimestamp);

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task A_timestamp_just_over_five_minutes_away_is_refused(int offsetSeconds) =>
        AssertRefused(
            await VerifyAsync(CommandBody(), SlackTamper.Offset(TimeSpan.FromSeconds(offsetSeconds))),
            SlackVerificationFailure.StaleTimestamp);

    [Fact]
    public async Task Slacks_worked_example_is_a_replay_today()
    {
        var body = Encoding.UTF8.GetBytes(ExampleBody);
        var context = SlackSigner.UnsignedContext(body);
        context.Request.Headers["X-Slack-Request-Timestamp"] = "1531420618";
        context.Request.Headers["X-Slack-Signature"] = ExampleSignature;

        AssertRefused(await Verifier(ExampleSecret).VerifyAsync(context.Request, CancellationToken.None), SlackVerificationFailure.StaleTimestamp);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1773051330.5")]
    [InlineData("-1773051330")]
    [InlineData("+1773051330")]
    [InlineData("1773051330abc")]
    [InlineData("1e9")]
    [InlineData("99999999999999999999999")]
    [InlineData("999999999999")]
    [InlineData("253402300800")]
    [InlineData(" 1773051330")]
    public async Task A_timestamp_that_is_not_whole_unix_seconds_is_refused(string timestamp) =>
        // Signed honestly over the bad timestamp: the format alone refuses it.
        AssertRefused(await VerifyAsync(CommandBody(), new SlackTamper { Timestamp = timestamp }), SlackVerificationFailure.BadTimestamp);

    [Fact]
    public async Task Slack_off_refuses_everything_even_a_request_signed_with_the_empty_secret()
    {
        var result = await VerifyAsync(CommandBody(), secret: "");

        Assert.False(result.Succeeded);
        Assert.Equal(SlackVerificationFailure.SlackOff, result.Failure);
        Assert.Equal(StatusCodes.Status401Unauthorized, result.StatusCode);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task A_whitespace_secret_counts_as_Slack_off()
    {
        var context = Signer("   ").SignedContext(CommandBody());

        var result = await Verifier("   ").VerifyAsync(context.Request, CancellationToken.None);

        Assert.Equal(SlackVerificationFailure.SlackOff, result.Failure);
    }

    [Fact]
    public async Task The_secret_is_read_at_each_request_so_rotation_applies_at_once()
    {
        var options = new FixedOptionsMonitor(new SlackOptions { SigningSecret = Secret, BotToken = "xoxb-test" });
        var verifier = new SlackRequestVerifier(options, _time);
        var body = CommandBody();

        Assert.True((await verifier.VerifyAsync(Signer().SignedContext(body).Request, CancellationToken.None)).Succeeded);
        options.Value = new SlackOptions { SigningSecret = "rotated-secret-000000000000000000", BotToken = "xoxb-test" };
        Assert.False((await verifier.VerifyAsync(Signer().SignedContext(body).Request, CancellationToken.None)).Succeeded);
        Assert.True((await verifier.VerifyAsync(Signer("rotated-secret-000000000000000000").SignedContext(body).Request, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_refused_with_413()
    {
        var body = new byte[RequestSizeLimit.MaxBodyBytes + 1];
        body.AsSpan().Fill((byte)'a');
        var context = Signer().SignedContext(body);
        context.Request.ContentLength = null; // streamed: the announced length cannot be trusted

        var result = await Verifier().VerifyAsync(context.Request, CancellationToken.None);

        Assert.Equal(SlackVerificationFailure.BodyTooLarge, result.Failure);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, result.StatusCode);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task A_body_announced_over_one_mebibyte_is_refused_without_reading_it()
    {
        var context = Signer().SignedContext(CommandBody());
        context.Request.ContentLength = RequestSizeLimit.MaxBodyBytes + 1;

        var result = await Verifier().VerifyAsync(context.Request, CancellationToken.None);

        Assert.Equal(SlackVerificationFailure.BodyTooLarge, result.Failure);
    }

    [Fact]
    public async Task A_body_of_exactly_one_mebibyte_is_verified()
    {
        var body = new byte[RequestSizeLimit.MaxBodyBytes];
        body.AsSpan().Fill((byte)'a');

        var result = await VerifyAsync(body);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(body.Length, result.Body!.Length);
    }

    // ---------------------------------------------------------------- over real Kestrel, with the signer's HttpRequestMessage

    [Fact]
    public async Task Signed_requests_built_by_the_signer_verify_over_kestrel_and_tampered_ones_do_not()
    {
        await using var server = await VerifyingServer.StartAsync(Verifier());
        var signer = Signer();
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request)
        {
            using (request)
            using (var response = await client.SendAsync(request))
            {
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
        }

        var command = await SendAsync(signer.CommandRequest("request-feedback REL-42 & more", responseUrl: "http://127.0.0.1:1/response/r1"));
        Assert.Equal(HttpStatusCode.OK, command.Status);
        var fields = JsonNode.Parse(command.Body)!.AsObject();
        Assert.Equal("/signoff", (string?)fields["command"]);
        Assert.Equal("request-feedback REL-42 & more", (string?)fields["text"]);
        Assert.Equal("http://127.0.0.1:1/response/r1", (string?)fields["response_url"]);
        Assert.Equal(
            new[] { "token", "team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name", "command", "text", "response_url", "trigger_id", "api_app_id" },
            fields.Select(f => f.Key));

        var payload = new JsonObject { ["type"] = "block_actions", ["note"] = "a+b = c & d \u00e9" };
        var interaction = await SendAsync(signer.InteractionRequest(payload));
        Assert.Equal(HttpStatusCode.OK, interaction.Status);
        Assert.Equal(payload.ToJsonString(), (string?)JsonNode.Parse(interaction.Body)!["payload"]);

        var eventJson = """{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","token":"x"}""";
        var delivery = await SendAsync(signer.EventRequest(eventJson, retryNum: 1));
        Assert.Equal(HttpStatusCode.OK, delivery.Status);
        Assert.Equal(eventJson, delivery.Body);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(signer.CommandRequest("x", tamper: SlackTamper.NoSignature))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(signer.CommandRequest("x", tamper: SlackTamper.WrongSecret))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(signer.CommandRequest("x", tamper: SlackTamper.OverBody("text=y")))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(signer.EventRequest(eventJson, tamper: SlackTamper.Offset(TimeSpan.FromMinutes(-6))))).Status);
    }

    // ---------------------------------------------------------------- the fake Web API (shared by the other Slack tests)

    [Fact]
    public async Task The_fake_web_api_answers_like_slack_and_records_calls()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        fake.AddUser("U0ANA00001", "ana@example.com", "ana");
        using var client = new HttpClient { BaseAddress = new Uri(fake.ApiBaseUrl) };

        async Task<(HttpStatusCode Status, JsonNode? Body, string? RetryAfter)> CallAsync(string method, string? json = null, string? form = null, bool auth = true, string? query = null)
        {
            using var request = new HttpRequestMessage(json is null && form is null ? HttpMethod.Get : HttpMethod.Post, method + query);
            if (auth)
            {
                request.Headers.Authorization = new("Bearer", fake.BotToken);
            }

            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }
            else if (form is not null)
            {
                request.Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.EndsWith("/api/", fake.ApiBaseUrl, StringComparison.Ordinal);
        Assert.Equal("not_authed", (string?)(await CallAsync("chat.postMessage", """{"channel":"C1","text":"hi"}""", auth: false)).Body!["error"]);

        var open = await CallAsync("conversations.open", """{"users":"U0ANA00001"}""");
        Assert.Equal(FakeSlackApi.DmChannelFor("U0ANA00001"), (string?)open.Body!["channel"]!["id"]);

        var first = await CallAsync("chat.postMessage", """{"channel":"DU0ANA00001","text":"card","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"x"}}]}""");
        var second = await CallAsync("chat.postMessage", """{"channel":"DU0ANA00001","text":"card 2"}""");
        Assert.True((bool)first.Body!["ok"]!);
        var ts1 = (string)first.Body["ts"]!;
        var ts2 = (string)second.Body!["ts"]!;
        Assert.True(string.CompareOrdinal(ts1, ts2) < 0);
        Assert.Equal("DU0ANA00001", (string?)first.Body["channel"]);

        var update = await CallAsync("chat.update", $$"""{"channel":"DU0ANA00001","ts":"{{ts1}}","text":"decided"}""");
        Assert.True((bool)update.Body!["ok"]!);
        Assert.Equal("decided", (string?)fake.Messages[("DU0ANA00001", ts1)]["text"]);
        Assert.Equal("message_not_found", (string?)(await CallAsync("chat.update", """{"channel":"DU0ANA00001","ts":"1.2","text":"x"}""")).Body!["error"]);

        var ephemeral = await CallAsync("chat.postEphemeral", """{"channel":"C1","user":"U0ANA00001","text":"only you"}""");
        Assert.NotNull((string?)ephemeral.Body!["message_ts"]);

        var user = await CallAsync("users.info", form: "user=U0ANA00001");
        Assert.Equal("ana@example.com", (string?)user.Body!["user"]!["profile"]!["email"]);
        Assert.Equal("ana@example.com", (string?)(await CallAsync("users.info", query: "?user=U0ANA00001")).Body!["user"]!["profile"]!["email"]);
        Assert.Equal("user_not_found", (string?)(await CallAsync("users.info", form: "user=U0NOBODY")).Body!["error"]);

        var view = await CallAsync("views.open", """{"trigger_id":"1.2.3","view":{"type":"modal","title":{"type":"plain_text","text":"Why?"}}}""");
        var viewId = (string)view.Body!["view"]!["id"]!;
        Assert.StartsWith("V", viewId, StringComparison.Ordinal);
        Assert.Equal("exchanged_trigger_id", (string?)(await CallAsync("views.open", """{"trigger_id":"1.2.3","view":{"type":"modal"}}""")).Body!["error"]);
        Assert.Equal(viewId, (string?)(await CallAsync("views.update", "{\"view_id\":\"" + viewId + "\",\"view\":{\"type\":\"modal\"}}")).Body!["view"]!["id"]);

        fake.FailNextRateLimited("chat.postMessage", retryAfterSeconds: 3);
        fake.FailNextServerError("chat.postMessage");
        fake.FailNextWithError("chat.postMessage", "channel_not_found");
        var limited = await CallAsync("chat.postMessage", """{"channel":"C1","text":"x"}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("3", limited.RetryAfter);
        Assert.Equal(HttpStatusCode.InternalServerError, (await CallAsync("chat.postMessage", """{"channel":"C1","text":"x"}""")).Status);
        Assert.Equal("channel_not_found", (string?)(await CallAsync("chat.postMessage", """{"channel":"C1","text":"x"}""")).Body!["error"]);
        Assert.True((bool)(await CallAsync("chat.postMessage", """{"channel":"C1","text":"x"}""")).Body!["ok"]!);

        var posts = fake.CallsTo("chat.postMessage");
        Assert.Equal(7, posts.Count);
        Assert.Null(posts[0].Authorization);
        Assert.Equal("Bearer " + fake.BotToken, posts[1].Authorization);
        Assert.Equal("card", (string?)posts[1].Body!["text"]);
        Assert.Equal("x", posts[1].Body!["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal(new[] { false, true, true, false, false, false, true }, posts.Select(p => p.Ok));
        Assert.Equal("U0ANA00001", fake.CallsTo("users.info")[0].Arg("user"));

        fake.SetDelay("auth.test", TimeSpan.FromMilliseconds(300));
        var started = Environment.TickCount64;
        Assert.Equal(FakeSlackApi.BotUserId, (string?)(await CallAsync("auth.test", "{}")).Body!["user_id"]);
        Assert.True(Environment.TickCount64 - started >= 250);
    }

    [Fact]
    public async Task The_fake_response_url_records_posts_and_allows_five()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        using var client = new HttpClient();

        for (var i = 1; i <= 6; i++)
        {
            using var response = await client.PostAsync(
                fake.ResponseUrl("cmd-1"), new StringContent($$"""{"text":"reply {{i}}","replace_original":true}""", Encoding.UTF8, "application/json"));
            Assert.Equal(i <= 5 ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
        }

        var posts = fake.ResponseUrlPostsFor("cmd-1");
        Assert.Equal(6, posts.Count);
        Assert.Equal("reply 1", (string?)posts[0].Body!["text"]);
        Assert.True((bool)posts[0].Body!["replace_original"]!);
        Assert.Empty(fake.ResponseUrlPostsFor("other"));
    }

    // ---------------------------------------------------------------- SlackForm

    private static IReadOnlyDictionary<string, string> Form(string body) => SlackForm.Parse(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void Plus_is_a_space_and_percent_2B_a_plus()
    {
        var form = Form("text=request-feedback+REL-42+a%2Bb");

        Assert.Equal("request-feedback REL-42 a+b", form["text"]);
    }

    [Fact]
    public void Percent_20_is_a_space_and_escapes_decode_in_either_case()
    {
        var form = Form("text=a%20b&url=https%3a%2F%2Fhooks.slack.com%2fx");

        Assert.Equal("a b", form["text"]);
        Assert.Equal("https://hooks.slack.com/x", form["url"]);
    }

    [Fact]
    public void Multi_byte_utf8_is_decoded()
    {
        var form = Form("a=caf%C3%A9&b=%E2%9C%85&c=%F0%9F%9A%80&d=Stra%C3%9Fe+%E6%97%A5%E6%9C%AC");

        Assert.Equal("caf\u00e9", form["a"]);
        Assert.Equal("\u2705", form["b"]);
        Assert.Equal("\U0001F680", form["c"]);
        Assert.Equal("Stra\u00dfe \u65e5\u672c", form["d"]);
    }

    [Fact]
    public void Raw_utf8_bytes_pass_through()
    {
        var form = Form("a=caf\u00e9");

        Assert.Equal("caf\u00e9", form["a"]);
    }

    [Fact]
    public void Empty_values_and_names_without_equals_are_empty_strings()
    {
        var form = Form("text=&enterprise_id=&flag&x==y");

        Assert.Equal("", form["text"]);
        Assert.Equal("", form["enterprise_id"]);
        Assert.Equal("", form["flag"]);
        Assert.Equal("=y", form["x"]);
    }

    [Fact]
    public void Empty_segments_and_an_empty_body_are_ignored()
    {
        Assert.Empty(SlackForm.Parse([]));
        var form = Form("&a=1&&b=2&");
        Assert.Equal(2, form.Count);
        Assert.Equal("1", form["a"]);
        Assert.Equal("2", form["b"]);
    }

    [Fact]
    public void Names_are_decoded_and_case_sensitive()
    {
        var form = Form("user%5Fid=U1&User_Id=U2");

        Assert.Equal("U1", form["user_id"]);
        Assert.Equal("U2", form["User_Id"]);
        Assert.False(form.ContainsKey("USER_ID"));
    }

    [Fact]
    public void The_first_of_duplicate_names_wins()
    {
        var form = Form("user_id=U_FIRST&user_id=U_SECOND&text=a&text=b");

        Assert.Equal("U_FIRST", form["user_id"]);
        Assert.Equal("a", form["text"]);
    }

    [Theory]
    [InlineData("a=%zz")]
    [InlineData("a=%4")]
    [InlineData("a=%")]
    [InlineData("a=100%")]
    [InlineData("a=%g1")]
    [InlineData("%zz=1")]
    [InlineData("a=%C3")] // a lone lead byte: not UTF-8
    [InlineData("a=%FF%FE")]
    [InlineData("a=%C0%AF")] // overlong '/'
    public void Malformed_encoding_is_a_format_error(string body)
    {
        var error = Assert.Throws<FormatException>(() => Form(body));
        Assert.StartsWith("Malformed form body", error.Message, StringComparison.Ordinal);
        Assert.Null(SlackForm.TryParse(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void A_payload_field_carries_json_intact()
    {
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U0ANA00001" },
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "approve", ["value"] = "REL-42|security & legal+ops 100% \u2705" }),
            ["response_url"] = "https://hooks.slack.com/actions/A1/2/x?y=1&z=2",
        };
        var json = payload.ToJsonString();

        var form = Form(SlackSigner.FormEncode([new("payload", json)]));

        Assert.Equal(json, form["payload"]);
        var parsed = JsonNode.Parse(form["payload"])!;
        Assert.Equal("REL-42|security & legal+ops 100% \u2705", (string?)parsed["actions"]![0]!["value"]);
    }

    [Fact]
    public void A_payload_encoded_by_a_browser_style_encoder_also_parses()
    {
        // Other encoders keep more characters literal (e.g. ':' ',' '{' '"' escaped or not); all decode the same.
        var json = """{"type":"view_submission","view":{"state":{"values":{"comment":{"text":{"value":"a b"}}}}}}""";
        var body = "payload=" + System.Net.WebUtility.UrlEncode(json);

        Assert.Equal(json, Form(body)["payload"]);
    }

    /// <summary>An <see cref="IOptionsMonitor{T}"/> over one settable value.</summary>
    private sealed class FixedOptionsMonitor(SlackOptions value) : IOptionsMonitor<SlackOptions>
    {
        public SlackOptions Value { get; set; } = value;

        public SlackOptions CurrentValue => Value;

        public SlackOptions Get(string? name) => Value;

        public IDisposable? OnChange(Action<SlackOptions, string?> listener) => null;
    }

    /// <summary>
    /// A loopback Kestrel server whose <c>/slack/*</c> endpoints verify with the given verifier behind the host's
    /// request size limit, then echo the parsed form fields (as JSON) or the raw JSON body; 401/413 when refused.
    /// </summary>
    private sealed class VerifyingServer(WebApplication app) : IAsyncDisposable
    {
        public string BaseUrl { get; private set; } = "";

        public static async Task<VerifyingServer> StartAsync(SlackRequestVerifier verifier)
        {
            var (app, baseUrl) = await LoopbackServer.StartAsync(app =>
            {
                app.UseRequestSizeLimit();
                app.MapPost("/slack/{kind}", async (HttpContext context, string kind) =>
                {
                    var result = await verifier.VerifyAsync(context.Request, context.RequestAborted);
                    if (!result.Succeeded)
                    {
                        return Results.StatusCode(result.StatusCode);
                    }

                    if (kind == "events")
                    {
                        return Results.Text(result.BodyText, "application/json");
                    }

                    var fields = new JsonObject();
                    foreach (var (name, value) in SlackForm.Parse(result.Body!))
                    {
                        fields[name] = value;
                    }

                    return Results.Text(fields.ToJsonString(), "application/json");
                });
            });
            return new VerifyingServer(app) { BaseUrl = baseUrl };
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
