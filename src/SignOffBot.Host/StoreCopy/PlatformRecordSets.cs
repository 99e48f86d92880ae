using SignOffBot.Host.Chat;
using SignOffBot.Host.Health;
using SignOffBot.Host.Playground;
using SignOffBot.Host.Slack;
using SignOffBot.Host.Storage.Copy;
using SignOffBot.Host.Teams.Conversations;

namespace SignOffBot.Host.StoreCopy;

/// <summary>
/// Every set of records the adapters keep in the store (<see cref="Core.Ports.IPlatformRecords"/>), with its record
/// type: what <c>store copy</c> copies besides the store's own collections. A store file holding a set missing here is
/// refused rather than copied without it, and <c>StoreCopyCoverageTests</c> fails for a set a host opens that is not here.
/// </summary>
internal static class PlatformRecordSets
{
    public static IReadOnlyList<RecordSet> All { get; } =
    [
        RecordSet.Of<TeamsReferenceDocument>(TeamsConversations.ReferencesSet),
        RecordSet.Of<TeamsCardCopyDocument>(TeamsConversations.CardCopiesSet),
        RecordSet.Of<SlackPersonDocument>(SlackPeople.FoundSet),
        RecordSet.Of<SlackCardCopyDocument>(SlackCardCopies.SetName),
        RecordSet.Of<ReleaseThreadDocument>(ReleaseThreads.SetName),
        RecordSet.Of<PlaygroundMessageDocument>(PlaygroundTimeline.Collection),
        RecordSet.Of<ChatFileDocument>(ChatFiles.SetName),
        RecordSet.Of<HealthProbe>(StoreWriteCheck.ProbeSet, replaceable: true),
    ];
}
