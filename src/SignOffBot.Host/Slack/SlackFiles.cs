using SignOffBot.Host.Chat;

namespace SignOffBot.Host.Slack;

/// <summary>What a Slack answer says about the file that follows it.</summary>
public static class SlackFiles
{
    public static string Follows(ChatFile file) =>
        $"The signed attestation follows as the file {file.Name} (here, or in your direct message with me where I cannot share it).";
}
