using System.Text.Json;
using SignOffBot.Host.Chat;

namespace SignOffBot.Host.Teams.Payloads;

/// <summary>
/// The value of a <c>fileConsent/invoke</c>: the person's answer to a file consent card (<c>accept</c> or
/// <c>decline</c>), the card's context (which held file it offered) and, on accept, where to put the bytes.
/// </summary>
public sealed record FileConsent(string Action, string? File, FileUploadInfo? UploadInfo)
{
    public const string InvokeName = "fileConsent/invoke";

    /// <summary>The key of the held file's id in the card's <c>acceptContext</c> and <c>declineContext</c>.</summary>
    public const string FileKey = "file";

    /// <summary>The answer, or null when the value is not one (not a <c>fileUpload</c>, no action).</summary>
    public static FileConsent? Read(JsonElement? value)
    {
        var v = value ?? default;
        var action = v.ValueKind == JsonValueKind.Object ? v.GetStringOrDefault("action") : null;
        if (action is not ("accept" or "decline") || v.GetStringOrDefault("type") != "fileUpload")
        {
            return null;
        }

        var file = v.GetPropertyOrDefault("context").GetStringOrDefault(FileKey);
        var info = v.GetPropertyOrDefault("uploadInfo");
        var upload = info.ValueKind == JsonValueKind.Object
            ? new FileUploadInfo(
                info.GetStringOrDefault("uploadUrl"),
                info.GetStringOrDefault("contentUrl"),
                info.GetStringOrDefault("name"),
                info.GetStringOrDefault("uniqueId"),
                info.GetStringOrDefault("fileType"))
            : null;
        return new FileConsent(action, file, upload);
    }
}

/// <summary>Where Teams put the file's placeholder in the person's OneDrive: the upload URL (a capability) and the file's own URL.</summary>
public sealed record FileUploadInfo(string? UploadUrl, string? ContentUrl, string? Name, string? UniqueId, string? FileType);
