using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Health;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Slack.BlockKit;
using SignOffBot.Host.Slack.WebApi;

namespace SignOffBot.Host.Slack;

/// <summary>
/// The App Home tab: on <c>app_home_opened</c>, and after a press on the Home, the person's Home view
/// (<see cref="HomeBlocks"/>) is published with <c>views.publish</c>. Publishing runs off the request path (Slack
/// wants the ack within 3 s) and never throws: a failure is logged, and the next opening of the tab tries again.
/// </summary>
public sealed partial class SlackHomeTab(
    SlackPeople people,
    IGovernanceSource governance,
    SignOffService signOffs,
    ISignOffStore store,
    SlackApiClient api,
    BackgroundFailures failures,
    ILogger<SlackHomeTab> log)
{
    /// <summary>Publishes the Home of <paramref name="slackUserId"/> in the background.</summary>
    public void Publish(string slackUserId) => _ = Task.Run(() => PublishAsync(slackUserId, CancellationToken.None));

    /// <summary>Publishes the Home of <paramref name="slackUserId"/>; failures are logged, not thrown.</summary>
    public async Task PublishAsync(string slackUserId, CancellationToken cancellationToken)
    {
        try
        {
            await api.PublishViewAsync(slackUserId, ViewFor(slackUserId), cancellationToken);
        }
        catch (Exception e) when (e is DeliveryFailedException or HttpRequestException or TaskCanceledException)
        {
            LogPublishFailed(slackUserId, e.Message);
        }
        catch (Exception e)
        {
            failures.Record("slack-home", $"views.publish for {slackUserId}", e);
            LogPublishFault(e, slackUserId);
        }
    }

    /// <summary>The Home view of <paramref name="slackUserId"/>: their pending reviews and items, or how to be added.</summary>
    public JsonObject ViewFor(string slackUserId)
    {
        if (people.Find(slackUserId) is not { } person)
        {
            return HomeBlocks.Unknown(SlackPeople.UnknownPersonText);
        }

        var directory = governance.Current;
        var pending = signOffs.Pending(person.Id)
            .Select(p => new HomePending(SignOffViews.For(p.Item, directory, person.Id), p.Slot))
            .ToList();
        var owned = OwnedItems(person.Id).Select(i => SignOffViews.For(i, directory, null)).ToList();
        return HomeBlocks.View(directory.DisplayName(person.Id), pending, owned);
    }

    /// <summary>
    /// The items the person owns. The one place to switch to the store's paged item query (by owner) once it
    /// exists; until then the open items, filtered here.
    /// </summary>
    private IEnumerable<Item> OwnedItems(string personId) =>
        store.OpenItems().Where(i => i.IsOwnedBy(personId)).OrderBy(i => i.Key.ToString(), StringComparer.Ordinal);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Publishing the App Home of Slack user {UserId} failed (it is published again when they open it): {Error}")]
    private partial void LogPublishFailed(string userId, string error);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Error, Message = "Publishing the App Home of Slack user {UserId} failed unexpectedly (it is published again when they open it)")]
    private partial void LogPublishFault(Exception error, string userId);
}
