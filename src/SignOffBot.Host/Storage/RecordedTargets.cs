using LiteDB;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Storage;

/// <summary>
/// The deploy targets (item and infrastructure) that have any bypass, and any confirmation, as the store's only writer
/// knows them: a deploy-check of a target with neither (nearly every check) skips both look-ups. Read from the file
/// once, then added to as units of work save them; a unit that is rolled back leaves its target in, which only costs a
/// look-up. Used on the writer's thread only.
/// </summary>
internal sealed class RecordedTargets(LiteDatabase db)
{
    private HashSet<string>? _bypasses;
    private HashSet<string>? _confirmations;

    public bool MayHaveBypass(string target) => Bypasses.Contains(target);

    public bool MayHaveConfirmation(string target) => Confirmations.Contains(target);

    public void BypassSaved(string target) => Bypasses.Add(target);

    public void ConfirmationSaved(string target) => Confirmations.Add(target);

    private HashSet<string> Bypasses =>
        _bypasses ??= db.GetCollection<BypassDocument>(LiteDbSetup.Bypasses).FindAll().Select(d => d.Target).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private HashSet<string> Confirmations =>
        _confirmations ??= db.GetCollection<ConfirmationDocument>(LiteDbSetup.Confirmations).FindAll().Select(d => d.Target).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
