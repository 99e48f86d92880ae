namespace SignOffBot.Core.Conversations;

/// <summary>
/// One sign-off as a person sees it, with the buttons that person may press. Every surface renders this same
/// view into its own card format (Adaptive Card, Block Kit, the playground).
/// </summary>
public sealed record SignOffView(
    string Item,
    string Project,
    string ProjectName,
    string Kind,
    string Risk,
    string Owner,
    string State,
    IReadOnlyList<EvidenceLink> Evidence,
    IReadOnlyList<SlotView> Feedback,
    SlotView Final,
    IReadOnlyList<string> Delegations,
    IReadOnlyList<ViewAction> Actions,
    IReadOnlyList<string>? Changes = null)
{
    /// <summary>Lifecycle lines after the start: evidence changes, revocations, re-certification, the approval's expiry.</summary>
    public IReadOnlyList<string> ChangeLines => Changes ?? [];
}

/// <summary>An evidence entry; <see cref="Url"/> is null for the change ticket, which is an id.</summary>
public sealed record EvidenceLink(string Label, string Text, string? Url);

/// <summary>A slot: <see cref="Slot"/> is the category or <c>final</c>; <see cref="Holder"/> names its assignees or delegate.</summary>
public sealed record SlotView(string Slot, string Title, string Holder, bool Requested, IReadOnlyList<AnswerView> Answers, string? Status = null)
{
    /// <summary>"requested", "not requested", or what happened to the slot last (withdrawn, asked again).</summary>
    public string StatusText => Status ?? (Requested ? "requested" : "not requested");
}

/// <summary><see cref="Note"/> says why an answer no longer counts or may be out of date.</summary>
public sealed record AnswerView(string By, string ByName, string Answer, string? Comment, DateTimeOffset At, string? Note = null);

/// <summary>A button for the viewer: the verb, the slot it answers, its title, and whether it needs a comment.</summary>
public sealed record ViewAction(ReviewVerb Verb, string VerbName, string Slot, string Title, bool NeedsComment);
