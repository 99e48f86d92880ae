using SignOffBot.Core.Ports;
using System.Collections.Concurrent;
using SignOffBot.Core.Governance;
using SignOffBot.Host.Health;
using SignOffBot.Host.Slack.WebApi;

namespace SignOffBot.Host.Slack;

/// <summary>
/// Maps a Slack user to a person of the directory: by <c>SlackUserId</c>, else by the e-mail users.info gives
/// (looked up off the request path, since a Slack ack must come within 3 s). People found by lookup are kept in the
/// store, so a restart does not forget them.
/// </summary>
public sealed partial class SlackPeople
{
    private readonly IGovernanceSource _governance;
    private readonly SlackApiClient _api;
    private readonly BackgroundFailures _failures;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackPeople> _log;
    private readonly IRecords<SlackPersonDocument> _found;
    private readonly ConcurrentDictionary<string, byte> _lookingUp = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _notInSlack = new(StringComparer.Ordinal);

    /// <summary>The set of <see cref="SlackPersonDocument"/> records: Slack users found to be people of the directory.</summary>
    public const string FoundSet = "slack_people";

    /// <summary>What a Slack user the directory does not know is told, wherever they reach the bot.</summary>
    public const string UnknownPersonText = "I don't know you yet: ask an administrator to add your SlackUserId to Governance:People.";

    /// <summary>How long a person Slack does not know (users_not_found) is not looked up again.</summary>
    public static readonly TimeSpan NotFoundKeptFor = TimeSpan.FromHours(1);

    public SlackPeople(IGovernanceSource governance, SlackApiClient api, IPlatformRecords records, BackgroundFailures failures, TimeProvider time, ILogger<SlackPeople> log)
    {
        _governance = governance;
        _api = api;
        _failures = failures;
        _time = time;
        _log = log;
        _found = records.Set<SlackPersonDocument>(FoundSet, d => d.PersonId);
    }

    /// <summary>The person, if known now; an unknown user is looked up in the background for next time.</summary>
    public Person? Find(string? slackUserId)
    {
        if (string.IsNullOrEmpty(slackUserId))
        {
            return null;
        }

        var directory = _governance.Current;
        if (directory.FindBySlackUserId(slackUserId) is { } person)
        {
            return person;
        }

        if (_found.Find(slackUserId) is { } found)
        {
            return directory.FindPerson(found.PersonId);
        }

        if (_lookingUp.TryAdd(slackUserId, 0))
        {
            _ = Task.Run(() => LookUpAsync(slackUserId));
        }

        return null;
    }

    /// <summary>The Slack user id to DM a person, from the directory or an earlier lookup.</summary>
    public string? SlackUserIdOf(string personId) =>
        _governance.Current.FindPerson(personId)?.SlackUserId ?? _found.Find(d => d.PersonId == personId, limit: 1).FirstOrDefault()?.Id;

    /// <summary>
    /// The Slack user id to DM a person: from the directory, an earlier lookup, or now by their e-mail address
    /// (<c>users.lookupByEmail</c>; the found id is kept). Null when the workspace has nobody with that address.
    /// </summary>
    public async Task<string?> ResolveUserIdAsync(string personId, CancellationToken cancellationToken)
    {
        if (SlackUserIdOf(personId) is { } known)
        {
            return known;
        }

        if (_notInSlack.TryGetValue(personId, out var until) && until > _time.GetUtcNow())
        {
            return null;
        }

        if (_governance.Current.FindPerson(personId) is null)
        {
            return null;
        }

        var user = await _api.LookupByEmailAsync(personId, cancellationToken);
        if (user is null || user.Deleted)
        {
            _notInSlack[personId] = _time.GetUtcNow() + NotFoundKeptFor;
            return null;
        }

        Remember(user.Id, personId);
        return user.Id;
    }

    /// <summary>Slack said the user found for <paramref name="personId"/> is gone: it is looked up again next time.</summary>
    public void ForgetFound(string personId)
    {
        foreach (var found in _found.Find(d => d.PersonId == personId))
        {
            _found.Delete(found.Id);
        }
    }

    /// <summary>Keeps that <paramref name="slackUserId"/> is <paramref name="personId"/> (found by their e-mail).</summary>
    public void Remember(string slackUserId, string personId) =>
        _found.Upsert(new SlackPersonDocument { Id = slackUserId, PersonId = personId, FoundAt = _time.GetUtcNow().UtcDateTime });

    private async Task LookUpAsync(string slackUserId)
    {
        try
        {
            var user = await _api.UserInfoAsync(slackUserId, CancellationToken.None);
            if (user.Email is { } email && _governance.Current.FindPerson(email.ToLowerInvariant()) is { } person)
            {
                Remember(slackUserId, person.Id);
            }
        }
        catch (Exception e) when (e is Outbox.DeliveryFailedException or HttpRequestException or TaskCanceledException)
        {
            LogLookupFailed(slackUserId, e.Message);
        }
        catch (Exception e)
        {
            // Not a failed call: a fault of ours. The next message of this user tries again.
            _failures.Record("slack-lookup", $"users.info of {slackUserId}", e);
            LogLookupFault(e, slackUserId);
        }
        finally
        {
            _lookingUp.TryRemove(slackUserId, out _);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Looking up Slack user {UserId} failed: {Error}")]
    private partial void LogLookupFailed(string userId, string error);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Looking up Slack user {UserId} failed unexpectedly; it is tried again on their next message")]
    private partial void LogLookupFault(Exception error, string userId);
}

/// <summary>A Slack user found to be a person of the directory by the e-mail users.info gave.</summary>
public sealed class SlackPersonDocument
{
    /// <summary>The Slack user id.</summary>
    public string Id { get; set; } = "";

    public string PersonId { get; set; } = "";

    public DateTime FoundAt { get; set; }
}
