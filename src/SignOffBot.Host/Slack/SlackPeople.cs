using System.Collections.Concurrent;
using SignOffBot.Core.Governance;
using SignOffBot.Host.Slack.WebApi;

namespace SignOffBot.Host.Slack;

/// <summary>
/// Maps a Slack user to a person of the directory: by <c>SlackUserId</c>, else by the e-mail users.info gives
/// (looked up off the request path, since a Slack ack must come within 3 s).
/// </summary>
public sealed partial class SlackPeople(IGovernanceSource governance, SlackApiClient api, ILogger<SlackPeople> log)
{
    private readonly ConcurrentDictionary<string, string> _byEmail = new(StringComparer.Ordinal);

    /// <summary>The person, if known now; an unknown user is looked up in the background for next time.</summary>
    public Person? Find(string? slackUserId)
    {
        if (string.IsNullOrEmpty(slackUserId))
        {
            return null;
        }

        var directory = governance.Current;
        if (directory.FindBySlackUserId(slackUserId) is { } person)
        {
            return person;
        }

        if (_byEmail.TryGetValue(slackUserId, out var id))
        {
            return directory.FindPerson(id);
        }

        _ = Task.Run(() => LookUpAsync(slackUserId));
        return null;
    }

    /// <summary>The Slack user id to DM a person, from the directory or an earlier lookup.</summary>
    public string? SlackUserIdOf(string personId) =>
        governance.Current.FindPerson(personId)?.SlackUserId ?? _byEmail.FirstOrDefault(p => p.Value == personId).Key;

    private async Task LookUpAsync(string slackUserId)
    {
        try
        {
            var user = await api.UserInfoAsync(slackUserId, CancellationToken.None);
            if (user.Email is { } email && governance.Current.FindPerson(email.ToLowerInvariant()) is { } person)
            {
                _byEmail[slackUserId] = person.Id;
            }
        }
        catch (Exception e) when (e is Outbox.DeliveryFailedException or HttpRequestException or TaskCanceledException)
        {
            LogLookupFailed(slackUserId, e.Message);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Looking up Slack user {UserId} failed: {Error}")]
    private partial void LogLookupFailed(string userId, string error);
}
