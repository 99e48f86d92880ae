namespace SignOffBot.Host.Tests.AdaptiveCards;

/// <summary>A fact that needs Debian's /usr/bin/chromium (render-adaptive-card.mjs); skipped, saying so, without it.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium))
        {
            Skip = $"{Chromium} is absent: install it with `apt-get install -y chromium` (.ci/run does) to render cards.";
        }
    }
}
