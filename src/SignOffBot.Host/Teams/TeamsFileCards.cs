using System.Text.Json.Nodes;
using SignOffBot.Host.Teams.Payloads;

namespace SignOffBot.Host.Teams;

/// <summary>
/// The attachments of Teams' file flow in a personal chat (a bot cannot upload elsewhere without Microsoft Graph): the
/// consent card that offers a file, and the file card that shows it once uploaded into the person's OneDrive.
/// </summary>
public static class TeamsFileCards
{
    public const string ConsentType = "application/vnd.microsoft.teams.card.file.consent";

    public const string InfoType = "application/vnd.microsoft.teams.card.file.info";

    /// <summary>
    /// Offers <paramref name="name"/> (<paramref name="size"/> bytes, what it is in <paramref name="description"/>); both
    /// answers come back with the held file's id, as <see cref="FileConsent.FileKey"/>.
    /// </summary>
    public static Attachment Consent(string name, long size, string description, string file) => new()
    {
        ContentType = ConsentType,
        Name = name,
        Content = new JsonObject
        {
            ["description"] = description,
            ["sizeInBytes"] = size,
            ["acceptContext"] = new JsonObject { [FileConsent.FileKey] = file },
            ["declineContext"] = new JsonObject { [FileConsent.FileKey] = file },
        },
    };

    /// <summary>The uploaded file, which the person can open, preview or download.</summary>
    public static Attachment Info(string name, string contentUrl, string? uniqueId, string? fileType) => new()
    {
        ContentType = InfoType,
        Name = name,
        ContentUrl = contentUrl,
        Content = new JsonObject { ["uniqueId"] = uniqueId, ["fileType"] = fileType },
    };
}
