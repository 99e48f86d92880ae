using SignOffBot.Core.Governance;

namespace SignOffBot.Core.Conversations;

/// <summary>The command table of SPEC section 4: one place for names, forms and examples.</summary>
public static class CommandGrammar
{
    public sealed record Entry(string Name, string Form, string What, string Example);

    public static IReadOnlyList<Entry> Commands { get; } =
    [
        new("help", "help [command]", "the commands, with examples", "help deploy-check"),
        new("register", "register <project> <name>@<version> [--kind model|bundle] [--risk low|medium|high] [--model-card URL] [--report URL] [--rollback URL] [--ticket ID]", "creates the item", "register fraud-detection churn-xgb@7 --risk high --model-card https://wiki.example.com/churn-7 --ticket CHG-1042"),
        new("request-feedback", "request-feedback <item> [category…]", "starts feedback (all categories when none are named)", "request-feedback fraud-detection/churn-xgb@7 \"Risk & Compliance\" Business"),
        new("request-final", "request-final <item>", "asks the final approver", "request-final fraud-detection/churn-xgb@7"),
        new("status", "status <item>", "the sign-off card, with every answer so far", "status fraud-detection/churn-xgb@7"),
        new("pending", "pending", "the reviews waiting for you", "pending"),
        new("delegate", "delegate <item> <category|final> <@person>", "hands a slot over", "delegate fraud-detection/churn-xgb@7 Business @dev"),
        new("deploy-check", "deploy-check <item> <infrastructure> [--attest [--digest sha256:<hex>]]", "may this item be deployed there? (--attest: the answer signed, as a file; --digest: the SHA-256 of the artifact it is about)", "deploy-check fraud-detection/churn-xgb@7 prod-api"),
        new("bypass", "bypass <item> <infrastructure> --incident <ticket> --hours <n>", "asks the on-call approvers for an emergency bypass (at most 24 h)", "bypass fraud-detection/churn-xgb@7 prod-api --incident INC-311 --hours 4"),
        new("incident-review", "incident-review <item> <infrastructure> --link <url>", "closes the post-incident review of a bypass", "incident-review fraud-detection/churn-xgb@7 prod-api --link https://wiki.example.com/pir/311"),
        new("audit", "audit <item>", "the item's audit events", "audit fraud-detection/churn-xgb@7"),
        new("evidence", "evidence <item> [--model-card URL] [--report URL] [--rollback URL] [--ticket ID]", "changes evidence links while the sign-off is open", "evidence fraud-detection/churn-xgb@7 --model-card https://wiki.example.com/churn-7-v2"),
        new("withdraw", "withdraw <item> <category…|final> --reason <text>", "un-requests review slots; their reminders stop", "withdraw fraud-detection/churn-xgb@7 Business --reason sent to the wrong category"),
        new("re-request", "re-request <item> <category…> [--reason <text>]", "asks reviewers again; earlier answers stay as history and no longer count", "re-request fraud-detection/churn-xgb@7 \"Risk & Compliance\" --reason drift fixed in v7.1"),
        new("revoke", "revoke <item> --reason <text>", "takes an approval back (final approver or project owner, never the item owner)", "revoke fraud-detection/churn-xgb@7 --reason bias finding INC-412"),
        new("recertify", "recertify <item> [--feedback]", "asks for a new approval after the old one expired (--feedback: every category too)", "recertify fraud-detection/churn-xgb@7 --feedback"),
        new("confirm", "confirm <item> <infrastructure> --reason <text>", "confirms a deploy-check warning, recorded with who confirmed", "confirm fraud-detection/churn-xgb@7 staging-api --reason load test for INC-77"),
        new("mine", "mine", "the items you own, with their state and what they wait for", "mine"),
        new("list", "list <project> [--state <state>]", "a project's items (state: not-started, feedback-requested, final-approval-requested, approved, rejected, abandoned)", "list fraud-detection --state approved"),
    ];

    public static Entry? Find(string name) =>
        Commands.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public static string UsageOf(string name, GovernanceModel? directory = null) => Find(name) is { } entry
        ? $"Usage: {entry.Form}\nExample: {ExampleFor(entry, directory)}"
        : Overview;

    public static string Overview =>
        "Commands:\n" + string.Join("\n", Commands.Select(c => $"  {c.Form}\n      {c.What}"));

    public static string Help(string? topic, GovernanceModel? directory = null) => topic is null
        ? Overview + $"\nItems are keyed <project>/<name>@<version>, e.g. {ExampleWords.Of(directory).Project}/churn-xgb@7. Type help <command> for an example."
        : Find(topic) is { } entry
            ? $"{entry.Form}\n{entry.What}\nExample: {ExampleFor(entry, directory)}"
            : $"There is no command '{topic}'.\n{Overview}";

    /// <summary>
    /// The entry's example with the deployment's own names (a real project, its categories, infrastructures and a
    /// person) in place of the sample's, so it can be typed as it stands.
    /// </summary>
    public static string ExampleFor(Entry entry, GovernanceModel? directory) => ExampleWords.Of(directory).Apply(entry.Example);
}
