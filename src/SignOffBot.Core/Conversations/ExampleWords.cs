using SignOffBot.Core.Governance;

namespace SignOffBot.Core.Conversations;

/// <summary>
/// The names the grammar's examples are written with (the sample directory's), and those of a live directory that
/// replace them: its first configured project, that project's first two feedback categories, a prevent and a warn
/// infrastructure, and a member of the project.
/// </summary>
public sealed record ExampleWords(string Project, string Category, string OtherCategory, string Prevent, string Warn, string Person)
{
    public static ExampleWords Sample { get; } = new("fraud-detection", "Risk & Compliance", "Business", "prod-api", "staging-api", "dev");

    public static ExampleWords Of(GovernanceModel? directory)
    {
        if (directory?.Projects.FirstOrDefault() is not { } project)
        {
            return Sample;
        }

        var categories = project.Feedback.Select(f => f.Category).ToList();
        var infrastructures = directory.Infrastructures.ToList();
        var person = project.Members.Concat(project.Owners).FirstOrDefault() ?? directory.People.FirstOrDefault()?.Id;
        return new(
            project.Key,
            categories.ElementAtOrDefault(0) ?? Sample.Category,
            categories.ElementAtOrDefault(1) ?? categories.ElementAtOrDefault(0) ?? Sample.OtherCategory,
            infrastructures.FirstOrDefault(i => i.Policy == DeployPolicy.Prevent)?.Key ?? infrastructures.FirstOrDefault()?.Key ?? Sample.Prevent,
            infrastructures.FirstOrDefault(i => i.Policy == DeployPolicy.Warn)?.Key ?? infrastructures.FirstOrDefault()?.Key ?? Sample.Warn,
            person is null ? Sample.Person : person.Split('@')[0]);
    }

    /// <summary>The sample's example rewritten with these names.</summary>
    public string Apply(string example)
    {
        if (this == Sample)
        {
            return example;
        }

        return example
            .Replace(Sample.Project, Project, StringComparison.Ordinal)
            .Replace($"\"{Sample.Category}\"", Quote(Category), StringComparison.Ordinal)
            .Replace($" {Sample.OtherCategory}", " " + Quote(OtherCategory), StringComparison.Ordinal)
            .Replace(Sample.Prevent, Prevent, StringComparison.Ordinal)
            .Replace(Sample.Warn, Warn, StringComparison.Ordinal)
            .Replace("@" + Sample.Person, "@" + Person, StringComparison.Ordinal);
    }

    private static string Quote(string word) => word.Contains(' ', StringComparison.Ordinal) || word.Contains('&', StringComparison.Ordinal) ? $"\"{word}\"" : word;
}
