namespace SignOffBot.Core.Governance;

/// <summary>The validated directory: people, groups, governed projects and infrastructures.</summary>
public sealed class GovernanceModel : IGovernanceSource
{
    private readonly Dictionary<string, Person> _people;
    private readonly Dictionary<string, Group> _groups;
    private readonly Dictionary<string, GovernedProject> _projects;
    private readonly Dictionary<string, Infrastructure> _infrastructures;

    public GovernanceModel(
        IEnumerable<Person> people,
        IEnumerable<Group> groups,
        IEnumerable<GovernedProject> projects,
        IEnumerable<Infrastructure> infrastructures)
    {
        _people = people.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
        _groups = groups.ToDictionary(g => g.Id, StringComparer.OrdinalIgnoreCase);
        _projects = projects.ToDictionary(p => p.Key, StringComparer.OrdinalIgnoreCase);
        _infrastructures = infrastructures.ToDictionary(i => i.Key, StringComparer.OrdinalIgnoreCase);
    }

    GovernanceModel IGovernanceSource.Current => this;

    public IReadOnlyCollection<Person> People => _people.Values;

    public IReadOnlyCollection<Group> Groups => _groups.Values;

    public IReadOnlyCollection<GovernedProject> Projects => _projects.Values;

    public IReadOnlyCollection<Infrastructure> Infrastructures => _infrastructures.Values;

    public Person? FindPerson(string id) => _people.GetValueOrDefault(id);

    public Person? FindPerson(PersonId id) => FindPerson(id.Value);

    public Group? FindGroup(string id) => _groups.GetValueOrDefault(id);

    public GovernedProject? FindProject(string key) => _projects.GetValueOrDefault(key);

    public Infrastructure? FindInfrastructure(string key) => _infrastructures.GetValueOrDefault(key);

    public Person? FindBySlackUserId(string slackUserId) =>
        _people.Values.FirstOrDefault(p => string.Equals(p.SlackUserId, slackUserId, StringComparison.Ordinal));

    public Person? FindByTeamsAadObjectId(string aadObjectId) =>
        _people.Values.FirstOrDefault(p => string.Equals(p.TeamsAadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the person is the assignee, or a member of the assigned group.</summary>
    public bool Covers(Assignee assignee, string personId) => assignee.IsGroup
        ? _groups.TryGetValue(assignee.Id, out var group) && group.Members.Contains(personId, StringComparer.OrdinalIgnoreCase)
        : string.Equals(assignee.Id, personId, StringComparison.OrdinalIgnoreCase);

    public bool CoversAny(IEnumerable<Assignee> assignees, string personId) => assignees.Any(a => Covers(a, personId));

    /// <summary>Every person an assignee stands for.</summary>
    public IReadOnlyList<string> PersonsOf(Assignee assignee) => assignee.IsGroup
        ? _groups.TryGetValue(assignee.Id, out var group) ? group.Members : []
        : [assignee.Id];

    public string DisplayName(string personId) => FindPerson(personId)?.Name ?? personId;

    public string Describe(Assignee assignee) => assignee.IsGroup ? $"group {assignee.Id}" : DisplayName(assignee.Id);
}
