using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Chat.Attestations;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Tests.Chat;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Teams;
using SignOffBot.Testing.Teams;
using static SignOffBot.Host.Tests.Teams.Flows.TeamsFixture;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>
/// <c>deploy-check … --attest</c> in Teams: the answer, and the file the seam signed offered in the person's personal
/// chat with a file consent card; accepted, its bytes go to the upload URL Teams gave and a file card follows; declined,
/// nothing is uploaded; only the person who asked may take it.
/// </summary>
public sealed class TeamsAttestationFileFlowTests
{
    private const string Item = "fraud-detection/churn-xgb@7";
    private static readonly string Digest = "sha256:" + new string('0', 63) + "f";

    [Fact]
    public async Task Attest_InThePersonalChat_OffersTheFile_AndAccepted_UploadsTheSignedBytesThenShowsTheFileCard()
    {
        await using var teams = await StartAsync();
        await RegisterAsync(teams);
        var chat = PersonalConversation(Ana);
        var events = await teams.AuditCountAsync();

        var command = teams.Message(Ana, $"deploy-check {Item} prod-api --attest --digest {Digest}");
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(command)).StatusCode);

        var answer = Assert.Single(await teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId == chat && Text(r)?.StartsWith("blocked:", StringComparison.Ordinal) == true));
        Assert.Equal(command.Id, answer.ActivityId);
        Assert.Contains($"The signed attestation {FixedAttestations.FileName} follows: accept it to receive it.", Text(answer), StringComparison.Ordinal);
        var card = Assert.Single(await teams.WaitForRequestsAsync(IsConsentCard));
        Assert.Equal((chat, command.Id), (card.ConversationId, card.ActivityId));
        var consent = card.Body!["attachments"]![0]!;
        Assert.Equal(FixedAttestations.FileName, (string?)consent["name"]);
        Assert.Equal(FixedAttestations.Envelope.Length, (int)consent["content"]!["sizeInBytes"]!);
        Assert.StartsWith($"Signed attestation of {Item} on prod-api (blocked).", (string?)consent["content"]!["description"], StringComparison.Ordinal);
        Assert.EndsWith($"--digest {Digest}", (string?)consent["content"]!["description"], StringComparison.Ordinal);
        var held = Assert.Single(FixedAttestations.Held(teams.App.Services, "ana@example.com"));
        Assert.Equal(held.Id, (string?)consent["content"]!["acceptContext"]!["file"]);
        var asked = Assert.Single(Seam(teams).Calls);
        Assert.Equal(Digest[7..], asked.ArtifactSha256);
        Assert.Empty(teams.Bot.Uploads);

        var accept = teams.Bot.FileConsentActivity(card, accept: true, Ana.Id, Ana.Aad, Ana.Name);
        var response = await teams.PostAsync(accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var upload = await WaitForUploadAsync(teams);
        Assert.Equal(FixedAttestations.Envelope, upload.Bytes);
        Assert.Equal($"bytes 0-{FixedAttestations.Envelope.Length - 1}/{FixedAttestations.Envelope.Length}", upload.ContentRange);
        Assert.Null(upload.Authorization);
        var uploadInfo = accept.Value!.Value.GetProperty("uploadInfo");
        var sent = Assert.Single(await teams.WaitForRequestsAsync(r => r.Method == "POST" && Attachment(r, TeamsFileCards.InfoType) is not null));
        Assert.Equal(chat, sent.ConversationId);
        var info = Attachment(sent, TeamsFileCards.InfoType)!;
        Assert.Equal(uploadInfo.GetProperty("contentUrl").GetString(), (string?)info["contentUrl"]);
        Assert.Equal(FixedAttestations.FileName, (string?)info["name"]);
        Assert.Equal(uploadInfo.GetProperty("uniqueId").GetString(), (string?)info["content"]!["uniqueId"]);
        Assert.Equal("json", (string?)info["content"]!["fileType"]);

        // Sent, the held copy is dropped; the check was recorded once, and nothing was uploaded twice.
        Assert.Empty(FixedAttestations.Held(teams.App.Services, "ana@example.com"));
        Assert.Equal(events + 1, await teams.AuditCountAsync());
        Assert.Single(teams.Bot.Uploads);
    }

    [Fact]
    public async Task Attest_Declined_UploadsNothing_AndDropsTheHeldFile()
    {
        await using var teams = await StartAsync();
        await RegisterAsync(teams);
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(Ana, $"deploy-check {Item} prod-api --attest"))).StatusCode);
        var card = Assert.Single(await teams.WaitForRequestsAsync(IsConsentCard));

        var decline = teams.Bot.FileConsentActivity(card, accept: false, Ana.Id, Ana.Aad, Ana.Name);
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(decline)).StatusCode);

        await teams.WaitForRequestsAsync(r => r.Method == "POST" && Text(r) == $"Not sent: {FixedAttestations.FileName}.");
        Assert.Empty(FixedAttestations.Held(teams.App.Services, "ana@example.com"));
        await DispatchAsync(teams);
        Assert.Empty(teams.Bot.Uploads);
        Assert.DoesNotContain(teams.Bot.ConnectorRequests, r => Attachment(r, TeamsFileCards.InfoType) is not null);

        // The card accepted after all: the file is no longer held, so nothing is uploaded.
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Bot.FileConsentActivity(card, accept: true, Ana.Id, Ana.Aad, Ana.Name))).StatusCode);
        await teams.WaitForRequestsAsync(r => r.Method == "POST" && Text(r)?.StartsWith("That file is no longer here", StringComparison.Ordinal) == true);
        Assert.Empty(teams.Bot.Uploads);
    }

    [Fact]
    public async Task Attest_AcceptedBySomeoneElse_IsRefusedAndChangesNothing_ThenTheRequesterReceivesIt()
    {
        await using var teams = await StartAsync();
        await RegisterAsync(teams);
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(Ana, $"deploy-check {Item} prod-api --attest"))).StatusCode);
        var card = Assert.Single(await teams.WaitForRequestsAsync(IsConsentCard));

        var response = await teams.PostAsync(teams.Bot.FileConsentActivity(card, accept: true, Ben.Id, Ben.Aad, Ben.Name));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("This file was offered to someone else.", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["value"]!["message"]);
        await DispatchAsync(teams);
        Assert.Empty(teams.Bot.Uploads);
        Assert.Single(FixedAttestations.Held(teams.App.Services, "ana@example.com"));

        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Bot.FileConsentActivity(card, accept: true, Ana.Id, Ana.Aad, Ana.Name))).StatusCode);
        Assert.Equal(FixedAttestations.Envelope, (await WaitForUploadAsync(teams)).Bytes);
    }

    [Fact]
    public async Task Attest_InAChannel_AnswersThereSayingWhere_AndOffersTheFileInThePersonsPersonalChat()
    {
        await using var teams = await StartAsync();
        // Registered over the API: Ana's first message to the bot is the one in the channel, so her personal chat is opened.
        await ApiJson.RegisterAsync(teams.Api, "fraud-detection", "churn-xgb", "7", "ana@example.com", "low");
        var command = teams.Message(Ana, $"deploy-check {Item} prod-api --attest", "channel");

        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(command)).StatusCode);

        var answer = Assert.Single(await teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId == command.Conversation!.Id && Text(r)?.StartsWith("blocked:", StringComparison.Ordinal) == true));
        Assert.Contains($"I sent you the signed attestation {FixedAttestations.FileName} in our personal chat: accept it there to receive it.", Text(answer), StringComparison.Ordinal);
        var card = Assert.Single(await teams.WaitForRequestsAsync(IsConsentCard));
        Assert.NotEqual(command.Conversation!.Id, card.ConversationId);
        var opened = Assert.Single(teams.Bot.ConnectorRequests, r => r.Method == "POST" && r.Path == "/v3/conversations");
        Assert.Equal(Ana.Id, (string?)opened.Body!["members"]![0]!["id"]);

        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Bot.FileConsentActivity(card, accept: true, Ana.Id, Ana.Aad, Ana.Name))).StatusCode);
        Assert.Equal(FixedAttestations.Envelope, (await WaitForUploadAsync(teams)).Bytes);
        var sent = Assert.Single(await teams.WaitForRequestsAsync(r => r.Method == "POST" && Attachment(r, TeamsFileCards.InfoType) is not null));
        Assert.Equal(card.ConversationId, sent.ConversationId);
    }

    [Fact]
    public async Task Attest_WithABadDigest_IsAUsageErrorAndNothingIsCheckedOrOffered()
    {
        await using var teams = await StartAsync();
        await RegisterAsync(teams);
        var events = await teams.AuditCountAsync();

        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(Ana, $"deploy-check {Item} prod-api --attest --digest md5:abc"))).StatusCode);

        await teams.WaitForRequestsAsync(r => r.Method == "POST" && Text(r)?.StartsWith("--digest is sha256:<64 hex digits> (the artifact's SHA-256), not 'md5:abc'.", StringComparison.Ordinal) == true);
        Assert.Empty(Seam(teams).Calls);
        await NothingOfferedAsync(teams, events);
    }

    [Fact]
    public async Task Attest_WhereAttestationsAreNotConfigured_SaysSoAndNothingIsCheckedOrOffered()
    {
        await using var teams = await TeamsFixture.StartAsync();
        await RegisterAsync(teams);
        var events = await teams.AuditCountAsync();

        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(Ana, $"deploy-check {Item} prod-api --attest"))).StatusCode);

        await teams.WaitForRequestsAsync(r => r.Method == "POST" && Text(r) == DeployCheckAttestations.NotConfigured);
        await NothingOfferedAsync(teams, events);
    }

    private static Task<TeamsFixture> StartAsync() => TeamsFixture.StartAsync(app => app.ExtraServices.Add(FixedAttestations.Register));

    private static FixedAttestations Seam(TeamsFixture teams) =>
        (FixedAttestations)teams.App.Services.GetRequiredService<IDeployCheckAttestations>();

    private static async Task RegisterAsync(TeamsFixture teams)
    {
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(Ana, "register fraud-detection churn-xgb@7 --risk low"))).StatusCode);
        await teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId == PersonalConversation(Ana));
    }

    private static bool IsConsentCard(ConnectorRequest request) => request.Method == "POST" && Attachment(request, TeamsFileCards.ConsentType) is not null;

    private static JsonNode? Attachment(ConnectorRequest request, string contentType) =>
        request.Body?["attachments"]?.AsArray().FirstOrDefault(a => (string?)a?["contentType"] == contentType);

    private static string? Text(ConnectorRequest request) => (string?)request.Body?["text"];

    private static async Task<FileUpload> WaitForUploadAsync(TeamsFixture teams)
    {
        await teams.WaitForRequestsAsync(r => r.Method == "POST" && Attachment(r, TeamsFileCards.InfoType) is not null);
        return Assert.Single(teams.Bot.Uploads, u => u.StatusCode == 201);
    }

    private static Task DispatchAsync(TeamsFixture teams) =>
        teams.App.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);

    /// <summary>After a round of the outbox: no consent card, no upload, no held file, the audit as given.</summary>
    private static async Task NothingOfferedAsync(TeamsFixture teams, int events)
    {
        await DispatchAsync(teams);
        Assert.DoesNotContain(teams.Bot.ConnectorRequests, IsConsentCard);
        Assert.Empty(teams.Bot.Uploads);
        Assert.Empty(FixedAttestations.Held(teams.App.Services, "ana@example.com"));
        Assert.Equal(events, await teams.AuditCountAsync());
    }
}
