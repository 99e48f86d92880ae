using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Chat.Attestations;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Tests.Chat;
using SignOffBot.Testing.Slack;
using static SignOffBot.Host.Tests.Slack.Flows.SlackFixture;

namespace SignOffBot.Host.Tests.Slack.Flows;

/// <summary>
/// <c>/signoff deploy-check … --attest</c>: the answer in the channel at once, and the attestation the seam signed shared
/// there as a file after the ack, through Slack's upload flow (get an upload URL, post the bytes, complete the upload).
/// </summary>
public sealed class SlackAttestationFileFlowTests
{
    private static readonly string Digest = "sha256:" + new string('a', 32) + new string('B', 32);

    [Fact]
    public async Task Attest_InAChannel_AnswersThereAndSharesTheSignedBytesThereThroughTheThreeCalls()
    {
        await using var slack = await StartAsync();
        await RegisterAsync(slack);
        var events = await slack.AuditCountAsync();

        var reply = await slack.CommandReplyAsync(Ana, $"deploy-check {Item} prod-api --attest --digest {Digest}");

        Assert.Equal("in_channel", (string?)reply["response_type"]);
        var text = (string)reply["text"]!;
        Assert.StartsWith("blocked: ", text, StringComparison.Ordinal);
        Assert.Contains($"The signed attestation follows as the file {FixedAttestations.FileName}", text, StringComparison.Ordinal);
        var asked = Assert.Single(Seam(slack).Calls);
        Assert.Equal((Item, "prod-api", Digest[7..].ToLowerInvariant(), "ana@example.com"), (asked.Item.ToString(), asked.Infrastructure, asked.ArtifactSha256, asked.Actor));
        Assert.Equal(events + 1, await slack.AuditCountAsync());

        var complete = (await slack.Slack.WaitForCallsAsync("files.completeUploadExternal")).Single();
        var getUrl = Assert.Single(slack.Slack.CallsTo("files.getUploadURLExternal"));
        Assert.StartsWith("application/x-www-form-urlencoded", getUrl.ContentType, StringComparison.Ordinal);
        Assert.Equal((FixedAttestations.FileName, FixedAttestations.Envelope.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), (getUrl.Arg("filename"), getUrl.Arg("length")));
        var fileId = (string)getUrl.Response!["file_id"]!;
        var upload = Assert.Single(slack.Slack.UploadPosts);
        Assert.Equal((fileId, 200), (upload.FileId, upload.StatusCode));
        Assert.Equal(FixedAttestations.Envelope, upload.Bytes);

        // The upload URL is the capability: the bot token goes to the Web API only, never to it.
        var requests = slack.Slack.Requests;
        var uploadRequest = Assert.Single(requests, r => r.Path.StartsWith("/upload/", StringComparison.Ordinal));
        Assert.Null(uploadRequest.Authorization);
        var order = requests.Select(r => r.Path.StartsWith("/upload/", StringComparison.Ordinal) ? "upload" : r.ApiMethod).Where(m => m is "upload" || m.StartsWith("files.", StringComparison.Ordinal));
        Assert.Equal(["files.getUploadURLExternal", "upload", "files.completeUploadExternal"], order);

        Assert.StartsWith("application/x-www-form-urlencoded", complete.ContentType, StringComparison.Ordinal);
        Assert.Equal(ReleaseChannel, complete.Arg("channel_id"));
        var files = JsonNode.Parse(complete.Arg("files")!)!.AsArray();
        Assert.Equal(fileId, (string?)Assert.Single(files)!["id"]);
        Assert.Equal(FixedAttestations.FileName, (string?)files[0]!["title"]);
        var shared = Assert.Single(slack.Slack.SharedFiles);
        Assert.Equal((fileId, ReleaseChannel, FixedAttestations.FileName), (shared.Id, shared.Channel, shared.Filename));
        Assert.Equal(FixedAttestations.Envelope, shared.Bytes);
        Assert.Equal(
            $"Signed attestation of {Item} on prod-api (blocked). Check it offline: signoffbot verify attestation {FixedAttestations.FileName} --jwks jwks.json --item {Item} --digest {Digest.ToLowerInvariant()}",
            shared.InitialComment);

        // Shared, the held copy is dropped; the check was recorded once.
        Assert.Empty(FixedAttestations.Held(slack.App.Services, "ana@example.com"));
        Assert.Equal(events + 1, await slack.AuditCountAsync());
    }

    [Fact]
    public async Task Attest_OnAHostWithASigningKey_SharesAnAttestationThatVerifiesOffline_CitingTheChecksOwnAuditEvent()
    {
        await using var slack = await SlackFixture.StartAsync(app => Attestation.AttestationKit.SignWith(app, Attestation.AttestationKit.NewKeyPem()));
        await RegisterAsync(slack);

        var reply = await slack.CommandReplyAsync(Ana, $"deploy-check {Item} prod-api --attest --digest {Digest}");

        Assert.StartsWith("blocked: ", (string?)reply["text"], StringComparison.Ordinal);
        await slack.Slack.WaitForCallsAsync("files.completeUploadExternal");
        var shared = Assert.Single(slack.Slack.SharedFiles);
        Assert.Equal(AttestedDeployCheck.FileNameFor(SignOffBot.Core.Items.ItemKey.TryParse(Item, out var key) ? key : throw new InvalidOperationException(), "prod-api"), shared.Filename);
        var keys = Attestation.DeployCheckAttestationTests.Keys(await Attestation.AttestationKit.JwksAsync(slack.App));
        var verdict = SignOffBot.Host.Verification.AttestationVerifier.Verify(System.Text.Encoding.UTF8.GetString(shared.Bytes), keys, Item, Digest[7..].ToLowerInvariant());
        // Valid, about this item and artifact, and not allowed (the item is not approved): exit 4, not 1 or 3.
        Assert.True(verdict.ExitCode == SignOffBot.Host.Verification.VerifyExit.NotAllowed, verdict.Message);
        var own = JsonNode.Parse((await Attestation.AttestationKit.ExportLinesAsync(slack.App))[^1])!;
        var statement = JsonNode.Parse(Convert.FromBase64String((string)JsonNode.Parse(shared.Bytes)!["payload"]!))!;
        Assert.Equal(("deploy-check", (string?)own["hash"]), ((string?)own["action"], (string?)statement["predicate"]!["audit"]!["hash"]));
    }

    [Fact]
    public async Task Attest_FromADirectMessage_SharesTheFileInThePersonsDirectMessageWithTheBot()
    {
        await using var slack = await StartAsync();
        await RegisterAsync(slack);

        var reply = await slack.CommandReplyAsync(Ana, $"deploy-check {Item} prod-api --attest", channel: "D0ANAWITHBEN");

        Assert.StartsWith("blocked: ", (string?)reply["text"], StringComparison.Ordinal);
        await slack.Slack.WaitForCallsAsync("files.completeUploadExternal");
        var opened = slack.Slack.CallsTo("conversations.open").Last();
        Assert.Equal(Ana, opened.Arg("users"));
        var shared = Assert.Single(slack.Slack.SharedFiles);
        Assert.Equal(FakeSlackApi.DmChannelFor(Ana), shared.Channel);
        Assert.Equal(FixedAttestations.Envelope, shared.Bytes);
    }

    [Fact]
    public async Task Attest_InAChannelTheBotIsNotIn_SharesTheFileInThePersonsDirectMessageSayingWhy()
    {
        await using var slack = await StartAsync();
        await RegisterAsync(slack);
        slack.Slack.NotMemberOf("C0PRIVATE", isPrivate: true);

        var reply = await slack.CommandReplyAsync(Ana, $"deploy-check {Item} prod-api --attest", channel: "C0PRIVATE");

        Assert.Equal("in_channel", (string?)reply["response_type"]);
        await slack.Slack.WaitUntilAsync(calls => calls.Count(c => c.Method == "files.completeUploadExternal" && c.Ok) == 1);
        var completes = slack.Slack.CallsTo("files.completeUploadExternal");
        Assert.Equal(("not_in_channel", "C0PRIVATE"), (completes[0].Error, completes[0].Arg("channel_id")));
        Assert.Equal(FakeSlackApi.DmChannelFor(Ana), completes[1].Arg("channel_id"));

        // A file whose completion failed is never shared: the direct message gets a new upload of the same bytes.
        Assert.Equal(2, slack.Slack.CallsTo("files.getUploadURLExternal").Count);
        var shared = Assert.Single(slack.Slack.SharedFiles);
        Assert.Equal(FakeSlackApi.DmChannelFor(Ana), shared.Channel);
        Assert.Equal(FixedAttestations.Envelope, shared.Bytes);
        Assert.StartsWith("I cannot share files in the channel you asked in, so here it is. Signed attestation of", shared.InitialComment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_AsAMention_AnswersInTheChannelAndSharesTheFileThere()
    {
        await using var slack = await StartAsync();
        await RegisterAsync(slack);
        var mention = new JsonObject
        {
            ["type"] = "event_callback",
            ["event_id"] = "Ev0ATTEST1",
            ["event"] = new JsonObject { ["type"] = "app_mention", ["user"] = Ana, ["channel"] = ReleaseChannel, ["text"] = $"<@U0BOT> deploy-check {Item} prod-api --attest", ["ts"] = "1700000000.000500" },
        };

        Assert.Equal(System.Net.HttpStatusCode.OK, (await slack.EventAsync(mention)).StatusCode);

        await slack.Slack.WaitForCallsAsync("files.completeUploadExternal");
        var answer = slack.Slack.CallsTo("chat.postMessage").Single(c => (c.Arg("text") ?? "").StartsWith("blocked:", StringComparison.Ordinal));
        Assert.Equal(ReleaseChannel, answer.Arg("channel"));
        Assert.Contains($"follows as the file {FixedAttestations.FileName}", answer.Arg("text"), StringComparison.Ordinal);
        var shared = Assert.Single(slack.Slack.SharedFiles);
        Assert.Equal(ReleaseChannel, shared.Channel);
        Assert.Equal(FixedAttestations.Envelope, shared.Bytes);
    }

    [Fact]
    public async Task Attest_IsAcknowledgedWellWithinThreeSeconds_WhileTheUploadIsSlow()
    {
        await using var slack = await StartAsync();
        await RegisterAsync(slack);
        slack.Slack.SetDelay("files.getUploadURLExternal", TimeSpan.FromSeconds(4));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var reply = await slack.CommandReplyAsync(Ana, $"deploy-check {Item} prod-api --attest");
        var ack = watch.Elapsed;

        Assert.StartsWith("blocked: ", (string?)reply["text"], StringComparison.Ordinal);
        Assert.True(ack < TimeSpan.FromSeconds(2), $"the ack took {ack}");
        await slack.Slack.WaitForCallsAsync("files.completeUploadExternal");
        Assert.Single(slack.Slack.SharedFiles);
    }

    [Theory]
    [InlineData("--attest --digest sha256:1234", "--digest is sha256:<64 hex digits> (the artifact's SHA-256), not 'sha256:1234'.")]
    [InlineData("--digest sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "--digest names the artifact an attestation is about: use it with --attest.")]
    public async Task Attest_WithABadDigest_IsAPrivateUsageErrorAndNothingIsCheckedOrSent(string options, string problem)
    {
        await using var slack = await StartAsync();
        await RegisterAsync(slack);
        var events = await slack.AuditCountAsync();

        var reply = await slack.CommandReplyAsync(Ana, $"deploy-check {Item} prod-api {options}");

        Assert.Equal("ephemeral", (string?)reply["response_type"]);
        // Slack shows the text as escaped mrkdwn (&lt; for <).
        var shown = System.Net.WebUtility.HtmlDecode((string)reply["text"]!);
        Assert.StartsWith(problem + "\nUsage: deploy-check <item> <infrastructure> [--attest [--digest sha256:<hex>]]", shown, StringComparison.Ordinal);
        Assert.Empty(Seam(slack).Calls);
        await NothingSentAsync(slack, events);
    }

    [Fact]
    public async Task Attest_WhereAttestationsAreNotConfigured_SaysSoPrivatelyAndNothingIsCheckedOrSent()
    {
        await using var slack = await SlackFixture.StartAsync();
        await RegisterAsync(slack);
        var events = await slack.AuditCountAsync();

        var reply = await slack.CommandReplyAsync(Ana, $"deploy-check {Item} prod-api --attest");

        Assert.Equal("ephemeral", (string?)reply["response_type"]);
        Assert.Equal(DeployCheckAttestations.NotConfigured, (string?)reply["text"]);
        await NothingSentAsync(slack, events);
    }

    [Fact]
    public async Task DeployCheck_WithoutAttest_AnswersAsBeforeWithoutAFile()
    {
        await using var slack = await StartAsync();
        await RegisterAsync(slack);
        var events = await slack.AuditCountAsync();

        var reply = await slack.CommandReplyAsync(Ana, $"deploy-check {Item} prod-api");

        Assert.Equal("in_channel", (string?)reply["response_type"]);
        Assert.DoesNotContain("attestation", (string?)reply["text"], StringComparison.Ordinal);
        Assert.Empty(Seam(slack).Calls);
        await NothingSentAsync(slack, events + 1);
    }

    private static Task<SlackFixture> StartAsync() => SlackFixture.StartAsync(app => app.ExtraServices.Add(FixedAttestations.Register));

    private static FixedAttestations Seam(SlackFixture slack) =>
        (FixedAttestations)slack.App.Services.GetRequiredService<IDeployCheckAttestations>();

    private static async Task RegisterAsync(SlackFixture slack) =>
        Assert.Equal("ephemeral", (string?)(await slack.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low"))["response_type"]);

    /// <summary>After a round of the outbox: no file call, no held file, the audit as given.</summary>
    private static async Task NothingSentAsync(SlackFixture slack, int events)
    {
        await slack.App.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
        Assert.DoesNotContain(slack.Slack.Requests, r => r.ApiMethod.StartsWith("files.", StringComparison.Ordinal) || r.Path.StartsWith("/upload/", StringComparison.Ordinal));
        Assert.Empty(FixedAttestations.Held(slack.App.Services, "ana@example.com"));
        Assert.Equal(events, await slack.AuditCountAsync());
    }
}
