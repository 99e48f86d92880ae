using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Host.Tests.AdaptiveCards;
using static SignOffBot.Host.Tests.AdaptiveCards.CardScenarios;

namespace SignOffBot.Host.Tests.Slack.BlockKit;

/// <summary>
/// The sign-offs the Slack renderers are tested with: every view of <see cref="CardScenarios"/> (fraud-detection
/// as in the sample, every state, every kind of viewer), plus what stresses Block Kit's limits: 150 answers with long
/// comments, a project with 30 feedback categories, a key longer than a header, text that looks like mrkdwn
/// mentions, many delegations, and a synthetic view far beyond anything real.
/// </summary>
public static class SlackScenarios
{
    public const string Injection = "<!channel> & <@U0ANA> *not bold* _x_ `code` <https://evil.example|click> > quoted\nsecond line\n\nfourth";

    public const string WideProject = "wide-project";

    /// <summary>Like the sample, plus a project with 30 feedback categories all held by Ops, final approver Chen.</summary>
    public static GovernanceModel Wide { get; } = new(
        CardScenarios.Governance.People,
        CardScenarios.Governance.Groups,
        [
            .. CardScenarios.Governance.Projects,
            new GovernedProject(
                WideProject,
                "Wide & <deep> project",
                [Ana],
                [Dev],
                [.. Enumerable.Range(1, 30).Select(i => new FeedbackCategory($"Category {i:D2} <review> & checks", [new Assignee(Ops)]))],
                new Assignee(Chen),
                [new Assignee(OnCall)],
                [new ReleaseChannel("slack", "C0RELEASE")],
                RiskPolicies.Empty),
        ],
        CardScenarios.Governance.Infrastructures);

    /// <summary>150 answers in Risk &amp; Compliance and Business, every one with a long comment.</summary>
    public static Item HundredFiftyAnswers()
    {
        var item = FeedbackRequested();
        for (var i = 0; i < 150; i++)
        {
            var kind = (FeedbackAnswerKind)(i % 3);
            var (by, category) = (i % 3) switch
            {
                0 => (Ben, RiskCompliance),
                1 => (Chen, RiskCompliance),
                _ => (Biz, Business),
            };
            item = item.Answer(by, category, kind, $"Answer {i}: {LongComment}", i);
        }

        return item;
    }

    /// <summary>All 30 categories requested; Ops answered each twice, once with a comment that looks like markup.</summary>
    public static Item WideItem(bool answered)
    {
        var (outcome, registered) = Item.Register(Wide, Dev, new ItemKey(WideProject, "scorer", "3"), ItemKind.Bundle, RiskLevel.Medium, FullEvidence, T0);
        Assert.True(outcome.IsApplied, outcome.Message);
        var item = Applied(registered!.RequestFeedback(Wide, Dev, []));
        if (!answered)
        {
            return item;
        }

        foreach (var slot in item.SignOff.Feedback)
        {
            item = Applied(item.SubmitFeedback(Wide, Ops, slot.Category, FeedbackAnswerKind.MinorIssue, Injection, T0.AddMinutes(1)));
            item = Applied(item.SubmitFeedback(Wide, Ops, slot.Category, FeedbackAnswerKind.Approve, LongComment, T0.AddMinutes(2)));
        }

        return Applied(item.RequestFinal(Wide, Dev));
    }

    /// <summary>An item whose key (266 characters) is longer than a header may be.</summary>
    public static Item LongKey()
    {
        var key = new ItemKey(Project, "n" + new string('a', 99), "v" + new string('1', 63));
        var (outcome, item) = Item.Register(CardScenarios.Governance, Dev, key, ItemKind.Model, RiskLevel.High, FullEvidence, T0);
        Assert.True(outcome.IsApplied, outcome.Message);
        return Applied(item!.RequestFeedback(CardScenarios.Governance, Dev, []));
    }

    /// <summary>Evidence whose URLs hold '|', '&amp;' and '&gt;', one of them 2500 characters long.</summary>
    public static Item OddEvidence()
    {
        var evidence = new Evidence(
            "https://docs.example.com/card?a=1&b=2|3",
            "https://docs.example.com/report?q=" + new string('x', 2500),
            "https://docs.example.com/rollback#>section",
            "CHG-<1>&2");
        return Applied(Registered(evidence: evidence, name: "odd-evidence").RequestFeedback(CardScenarios.Governance, Dev, []));
    }

    /// <summary>Comments and names that look like mentions and links.</summary>
    public static Item Injected() => FeedbackRequested()
        .Answer(Ops, ItOps, FeedbackAnswerKind.MajorIssue, Injection, 10)
        .Answer(Biz, Business, FeedbackAnswerKind.MinorIssue, "Line one\r\nLine two &amp; &lt;three&gt;", 20);

    /// <summary>Business handed back and forth 120 times by the project owner.</summary>
    public static Item ManyDelegations()
    {
        var item = FeedbackRequested();
        for (var i = 0; i < 120; i++)
        {
            item = Applied(item.Delegate(CardScenarios.Governance, Ana, Business, i % 2 == 0 ? Lee : OnCall, T0.AddMinutes(i)));
        }

        return item;
    }

    /// <summary>Beyond anything real: 40 slots of 150 answers with 3000-character comments, all of them the viewer's to answer.</summary>
    public static SignOffView Huge()
    {
        var comment = string.Concat(Enumerable.Repeat("<!here> & 公平性 🚦 ", 200))[..3000];
        var answers = Enumerable.Range(0, 150)
            .Select(i => new AnswerView($"p{i % 60}@example.com", $"Person {i % 60} with a rather long display name", (i % 3) switch { 0 => "approve", 1 => "minor-issue", _ => "major-issue" }, comment, T0.AddMinutes(i)))
            .ToList();
        var slots = Enumerable.Range(0, 40).Select(i => new SlotView($"Category {i}", $"Category {i} " + new string('c', 180), string.Join(", ", Enumerable.Range(0, 40).Select(j => $"group g{j}")), true, answers)).ToList();
        var final = new SlotView(SlotNames.Final, SignOffViews.FinalTitle, "group model-risk", true, answers.Take(1).ToList());
        var item = $"{new string('p', 100)}/{new string('n', 100)}@{new string('v', 64)}";
        var actions = slots.SelectMany(s => new[] { ReviewVerb.FeedbackApprove, ReviewVerb.FeedbackMinorIssue, ReviewVerb.FeedbackMajorIssue }
                .Select(v => new ViewAction(v, ReviewVerbs.Name(v), s.Slot, ReviewVerbs.Title(v), ReviewVerbs.NeedsComment(v))))
            .Concat(new[] { ReviewVerb.FinalApprove, ReviewVerb.FinalReject, ReviewVerb.FinalAbandon }
                .Select(v => new ViewAction(v, ReviewVerbs.Name(v), SlotNames.Final, ReviewVerbs.Title(v), ReviewVerbs.NeedsComment(v))))
            .ToList();
        return new SignOffView(
            item,
            new string('p', 100),
            new string('P', 3000),
            "model",
            "high",
            new string('o', 3000),
            "feedback-requested",
            [new EvidenceLink("Model card", "https://x.example/" + new string('m', 5000), "https://x.example/" + new string('m', 5000)), new EvidenceLink("Change ticket", new string('t', 3000), null)],
            slots,
            final,
            [.. Enumerable.Range(0, 300).Select(i => $"Category {i % 40}: delegated to Person {i} by Ana Ortiz <&>")],
            actions);
    }

    /// <summary>Named views for the Slack tests: every Teams card scenario plus the Slack stress cases.</summary>
    public static IEnumerable<(string Name, SignOffView View)> Views()
    {
        foreach (var view in CardScenarios.Views())
        {
            yield return view;
        }

        var many = HundredFiftyAnswers();
        yield return ("150-answers-channel", View(many, null));
        yield return ("150-answers-reviewer", View(many, Ben));
        yield return ("150-answers-business", View(many, Biz));

        var wideOpen = WideItem(answered: false);
        var wideDone = WideItem(answered: true);
        yield return ("wide-open-ops", SignOffViews.For(wideOpen, Wide, Ops));
        yield return ("wide-open-channel", SignOffViews.For(wideOpen, Wide, null));
        yield return ("wide-answered-ops", SignOffViews.For(wideDone, Wide, Ops));
        yield return ("wide-answered-final-approver", SignOffViews.For(wideDone, Wide, Chen));

        yield return ("long-key-ben", View(LongKey(), Ben));
        yield return ("odd-evidence-channel", View(OddEvidence(), null));
        yield return ("injected-channel", View(Injected(), null));
        yield return ("many-delegations-lee", View(ManyDelegations(), Lee));
        yield return ("huge", Huge());
        yield return ("huge-channel", Huge() with { Actions = [] });
    }
}
