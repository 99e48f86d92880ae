using SignOffBot.Core.Governance;

namespace SignOffBot.Host.Governance;

/// <summary>
/// SPEC section 1's default feedback categories, which a project configured without <c>Feedback</c> (absent or
/// empty) gets, each assigned to the project's owners.
/// </summary>
public static class DefaultFeedback
{
    public static IReadOnlyList<string> Categories { get; } = ["IT & Operations", "Risk & Compliance", "Business"];

    public static List<FeedbackCategory> For(IReadOnlyList<string> owners) =>
        Categories.Select(c => new FeedbackCategory(c, owners.Select(o => new Assignee(o)).ToList())).ToList();
}

/// <summary>A project that got the <see cref="DefaultFeedback"/> categories, and the key that would have configured its own.</summary>
public sealed record DefaultedProject(string Key, string Project);
