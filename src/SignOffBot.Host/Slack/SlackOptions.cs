namespace SignOffBot.Host.Slack;

/// <summary>
/// The <c>Slack</c> configuration section. With SigningSecret and BotToken both empty Slack is off and its
/// endpoints refuse everything; with only one of them the host does not start.
/// </summary>
public sealed class SlackOptions : Configuration.IValidatedOptions
{
    public const string Section = "Slack";

    public string SigningSecret { get; set; } = "";

    /// <summary>The bot token (<c>xoxb-…</c>) for the Web API.</summary>
    public string BotToken { get; set; } = "";

    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    public bool IsOn => !string.IsNullOrWhiteSpace(SigningSecret) && !string.IsNullOrWhiteSpace(BotToken);

    /// <summary>Configuration errors naming their keys; empty when Slack is off or fully configured.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(SigningSecret) && string.IsNullOrWhiteSpace(BotToken))
        {
            return problems;
        }

        if (string.IsNullOrWhiteSpace(SigningSecret))
        {
            problems.Add($"{Section}:SigningSecret: Slack:BotToken is set but the signing secret is missing.");
        }

        if (string.IsNullOrWhiteSpace(BotToken))
        {
            problems.Add($"{Section}:BotToken: Slack:SigningSecret is set but the bot token is missing.");
        }

        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api)
            || !(api.Scheme == Uri.UriSchemeHttps || (api.Scheme == Uri.UriSchemeHttp && api.IsLoopback)))
        {
            problems.Add($"{Section}:ApiBaseUrl: '{ApiBaseUrl}' must be an https URL (plain http only for loopback addresses).");
        }

        return problems;
    }
}
