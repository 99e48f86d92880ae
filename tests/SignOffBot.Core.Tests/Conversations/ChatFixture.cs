using Microsoft.Extensions.Time.Testing;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Tests.Builders;
using SignOffBot.Core.Tests.Fakes;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary>
/// A chat conversation with the bot: the real <see cref="ChatCommandHandler"/> on the in-memory store, the test
/// governance and a fake clock. Every message or button press happens one minute after the previous one.
/// </summary>
internal sealed class ChatFixture
{
    /// <summary>Monday 2 March 2026, 09:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public const string ItemText = "fraud-detection/churn-xgb@7";

    public const string ModelCardUrl = "https://docs.example.com/churn-xgb/7/model-card";
    public const string ReportUrl = "https://docs.example.com/churn-xgb/7/validation";
    public const string RollbackUrl = "https://docs.example.com/churn-xgb/7/rollback";
    public const string Ticket = "CHG-1042";

    public const string FullEvidenceOptions =
        $"--model-card {ModelCardUrl} --report {ReportUrl} --rollback {RollbackUrl} --ticket {Ticket}";

    public static ItemKey Key { get; } = new(TestGovernance.ProjectKey, "churn-xgb", "7");

    public ChatFixture(GovernanceModel? governance = null)
    {
        Governance = governance ?? TestGovernance.Model;
        var runner = new ActionRunner(Store, Clock, Governance);
        SignOffs = new SignOffService(Governance, Store, runner);
        Deploys = new DeployService(Governance, runner, Clock);
        Handler = new ChatCommandHandler(Governance, SignOffs, Deploys, Store, Store);
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public InMemorySignOffStore Store { get; } = new();

    public GovernanceModel Governance { get; }

    public SignOffService SignOffs { get; }

    public DeployService Deploys { get; }

    public ChatCommandHandler Handler { get; }

    public int AuditCount => Store.Trail().Count();

    public Item Item => Store.FindItem(Key) ?? throw new InvalidOperationException($"{Key} is not registered.");

    public static ActionContext As(string actor, string? deliveryId = null) => new(actor, "slack", "slack", deliveryId);

    /// <summary>What <paramref name="actor"/> types.</summary>
    public ChatReply Say(string actor, string text, string? deliveryId = null)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        return Handler.Handle(text, As(actor, deliveryId));
    }

    /// <summary>A card button pressed by <paramref name="actor"/>.</summary>
    public ChatReply Press(string actor, ReviewVerb verb, string target, string? slot = null, string? comment = null, string? deliveryId = null)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        return Handler.Press(new CardPress(verb, target, slot is null ? null : new SlotRef(slot), comment), As(actor, deliveryId));
    }

    /// <summary>The card <paramref name="viewer"/> gets from <c>status</c>.</summary>
    public SignOffView StatusAs(string viewer) => Card(Say(viewer, $"status {ItemText}")).View;

    /// <summary>Registers <see cref="Key"/> with full evidence through the chat and checks the card came back.</summary>
    public void Register(string risk = "low", string owner = TestGovernance.Dev, string evidence = FullEvidenceOptions) =>
        Card(Say(owner, $"register fraud-detection churn-xgb@7 --risk {risk} {evidence}"));

    public void RequestFeedback(string owner = TestGovernance.Dev, string categories = "") =>
        Card(Say(owner, $"request-feedback {ItemText} {categories}".TrimEnd()));

    public void RequestFinal(string owner = TestGovernance.Dev) =>
        Card(Say(owner, $"request-final {ItemText}"));

    public static ChatReply.Card Card(ChatReply reply)
    {
        if (reply is not ChatReply.Card card)
        {
            throw new Xunit.Sdk.XunitException($"Expected a card, got {reply}.");
        }

        return card;
    }

    public static string Private(ChatReply reply) => Assert.IsType<ChatReply.Private>(reply).Body;

    public static string Text(ChatReply reply) => Assert.IsType<ChatReply.Text>(reply).Body;

    /// <summary>The buttons as (verb, slot) pairs, in order.</summary>
    public static List<(ReviewVerb Verb, string Slot)> Buttons(SignOffView view) =>
        view.Actions.Select(a => (a.Verb, a.Slot)).ToList();
}
