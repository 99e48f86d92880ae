using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Host.Configuration;
using SignOffBot.Core.Conversations;

namespace SignOffBot.Host.Governance;

/// <summary>Checks the <c>Governance</c> section and turns it into the domain's <see cref="GovernanceModel"/>.</summary>
public static class GovernanceBuilder
{
    private const string Root = GovernanceOptions.Section;

    /// <summary>
    /// The model, or null with every error in <paramref name="errors"/>, each naming its key. Projects configured
    /// without feedback categories get the <see cref="DefaultFeedback"/> ones and are added to <paramref name="defaulted"/>.
    /// </summary>
    public static GovernanceModel? Build(GovernanceOptions options, ConfigurationErrors errors, ICollection<DefaultedProject>? defaulted = null)
    {
        var people = People(options.People, errors);
        var groups = Groups(options.Groups, people, errors);
        var projects = options.Projects.Select((p, i) => Project(p, $"{Root}:Projects:{i}", people, groups, errors, defaulted)).ToList();
        Unique(options.Projects.Select(p => p.Key), "Projects", "Key", errors);
        var infrastructures = Infrastructures(options.Infrastructures, errors);
        if (options.People.Count == 0)
        {
            errors.Add($"{Root}:People", "the directory needs at least one person.");
        }

        return errors.Any ? null : new GovernanceModel(people.Values, groups.Values, projects.OfType<GovernedProject>(), infrastructures);
    }

    private static Dictionary<string, Person> People(List<PersonOptions> options, ConfigurationErrors errors)
    {
        var people = new Dictionary<string, Person>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Count; i++)
        {
            var key = $"{Root}:People:{i}";
            var p = options[i];
            if (string.IsNullOrWhiteSpace(p.Id) || !p.Id.Contains('@') || p.Id.Any(char.IsWhiteSpace))
            {
                errors.Add($"{key}:Id", $"a person's id is their e-mail address; '{p.Id}' is not one.");
                continue;
            }

            var zone = string.IsNullOrWhiteSpace(p.TimeZone) ? "UTC" : p.TimeZone;
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                errors.Add($"{key}:TimeZone", $"'{zone}' is not an IANA time zone (e.g. Europe/Paris).");
            }

            var id = p.Id.ToLowerInvariant();
            if (!people.TryAdd(id, new Person(id, string.IsNullOrWhiteSpace(p.Name) ? id : p.Name, Blank(p.SlackUserId), Blank(p.TeamsAadObjectId), zone)))
            {
                errors.Add($"{key}:Id", $"duplicate key: '{id}' is already defined.");
            }
        }

        return people;
    }

    private static Dictionary<string, Group> Groups(List<GroupOptions> options, Dictionary<string, Person> people, ConfigurationErrors errors)
    {
        var groups = new Dictionary<string, Group>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Count; i++)
        {
            var key = $"{Root}:Groups:{i}";
            var g = options[i];
            if (string.IsNullOrWhiteSpace(g.Id))
            {
                errors.Add($"{key}:Id", "a group needs an id.");
                continue;
            }

            for (var m = 0; m < g.Members.Count; m++)
            {
                if (!people.ContainsKey(g.Members[m]))
                {
                    errors.Add($"{key}:Members:{m}", $"'{g.Members[m]}' is not a person of Governance:People.");
                }
            }

            if (!groups.TryAdd(g.Id, new Group(g.Id, g.Members.Select(m => m.ToLowerInvariant()).ToList())))
            {
                errors.Add($"{key}:Id", $"duplicate key: group '{g.Id}' is already defined.");
            }
        }

        return groups;
    }

    private static GovernedProject? Project(
        ProjectOptions p, string key, Dictionary<string, Person> people, Dictionary<string, Group> groups, ConfigurationErrors errors,
        ICollection<DefaultedProject>? defaulted)
    {
        if (string.IsNullOrWhiteSpace(p.Key) || !ItemKey.IsValidSegment(p.Key))
        {
            errors.Add($"{key}:Key", $"a project key starts with a letter or digit, followed by letters, digits, '.', '_' or '-'; '{p.Key}' does not.");
        }

        if (p.Owners.Count == 0)
        {
            errors.Add($"{key}:Owners", "a project needs at least one owner.");
        }

        Persons(p.Owners, $"{key}:Owners", people, errors);
        Persons(p.Members, $"{key}:Members", people, errors);
        var feedback = p.Feedback.Count == 0 ? DefaultFeedback.For(Lower(p.Owners)) : Feedback(p.Feedback, key, people, groups, errors);
        if (p.Feedback.Count == 0 && p.Key is not null)
        {
            defaulted?.Add(new DefaultedProject($"{key}:Feedback", p.Key));
        }

        Assignee? final = null;
        if (string.IsNullOrWhiteSpace(p.FinalApprover))
        {
            errors.Add($"{key}:FinalApprover", "a project needs a final approver (a person or group:<id>).");
        }
        else
        {
            final = Assignees([p.FinalApprover], $"{key}:FinalApprover", people, groups, errors).FirstOrDefault();
        }

        var finalDelegates = Assignees(p.FinalDelegates, $"{key}:FinalDelegates", people, groups, errors);
        var onCall = Assignees(p.OnCallApprovers, $"{key}:OnCallApprovers", people, groups, errors);
        var channels = new List<ReleaseChannel>();
        for (var i = 0; i < p.ReleaseChannels.Count; i++)
        {
            var c = p.ReleaseChannels[i];
            var platform = c.Platform?.Trim().ToLowerInvariant();
            if (!ChatPlatform.HasReleaseChannels(platform))
            {
                errors.Add($"{key}:ReleaseChannels:{i}:Platform", $"the platform is slack or teams, not '{c.Platform}'.");
            }
            else if (string.IsNullOrWhiteSpace(c.Id))
            {
                errors.Add($"{key}:ReleaseChannels:{i}:Id", "a release channel needs the channel id.");
            }
            else
            {
                channels.Add(new ReleaseChannel(platform, c.Id));
            }
        }

        var categories = feedback.Select(f => f.Category).ToList();
        var policy = new RiskPolicies(
            Policy(p.Policy.Low, $"{key}:Policy:Low", categories, errors),
            Policy(p.Policy.Medium, $"{key}:Policy:Medium", categories, errors),
            Policy(p.Policy.High, $"{key}:Policy:High", categories, errors));

        return final is null || p.Key is null
            ? null
            : new GovernedProject(p.Key, string.IsNullOrWhiteSpace(p.Name) ? p.Key : p.Name, Lower(p.Owners), Lower(p.Members), feedback, final, onCall, channels, policy)
            {
                FinalDelegates = finalDelegates,
            };
    }

    private static List<FeedbackCategory> Feedback(
        List<FeedbackOptions> options, string key, Dictionary<string, Person> people, Dictionary<string, Group> groups, ConfigurationErrors errors)
    {
        var feedback = new List<FeedbackCategory>();
        for (var i = 0; i < options.Count; i++)
        {
            var f = options[i];
            if (string.IsNullOrWhiteSpace(f.Category) || SlotNames.Normalize(f.Category).Length == 0 || SlotNames.IsFinal(f.Category))
            {
                errors.Add($"{key}:Feedback:{i}:Category", $"'{f.Category}' is not a usable category name.");
                continue;
            }

            if (f.Assignees.Count == 0)
            {
                errors.Add($"{key}:Feedback:{i}:Assignees", $"category '{f.Category}' needs at least one assignee.");
            }

            feedback.Add(new FeedbackCategory(f.Category, Assignees(f.Assignees, $"{key}:Feedback:{i}:Assignees", people, groups, errors)));
        }

        Unique(options.Select(f => f.Category is null ? null : SlotNames.Normalize(f.Category)), $"Projects:{key.Split(':')[^1]}:Feedback", "Category", errors);
        return feedback;
    }

    private static ReviewPolicy Policy(LevelPolicyOptions level, string key, List<string> categories, ConfigurationErrors errors)
    {
        for (var i = 0; i < level.RequiredCategories.Count; i++)
        {
            var wanted = SlotNames.Normalize(level.RequiredCategories[i]);
            if (!categories.Any(c => SlotNames.Normalize(c) == wanted))
            {
                errors.Add($"{key}:RequiredCategories:{i}", $"'{level.RequiredCategories[i]}' is not a feedback category of this project ({string.Join(", ", categories)}).");
            }
        }

        var evidence = new List<EvidenceKind>();
        for (var i = 0; i < level.RequiredEvidence.Count; i++)
        {
            var word = level.RequiredEvidence[i]?.Trim();
            var known = Enum.GetValues<EvidenceKind>().Where(k => string.Equals(k.ToString(), word, StringComparison.OrdinalIgnoreCase)).ToList();
            if (known.Count == 1)
            {
                evidence.Add(known[0]);
            }
            else
            {
                errors.Add($"{key}:RequiredEvidence:{i}", $"unknown policy word '{level.RequiredEvidence[i]}'; use ModelCard, ValidationReport, RollbackPlan or Ticket.");
            }
        }

        if (level.MinFeedbackApprovals < 0)
        {
            errors.Add($"{key}:MinFeedbackApprovals", "cannot be negative.");
        }

        if (level.ApprovalValidFor is { } validFor && validFor <= TimeSpan.Zero)
        {
            errors.Add($"{key}:ApprovalValidFor", "must be a positive time span such as 180.00:00:00, or absent for approvals that never expire.");
        }

        return new ReviewPolicy(level.RequiredCategories, level.BlockOnMajorIssue, evidence, Math.Max(0, level.MinFeedbackApprovals),
            level.ApprovalValidFor is { } valid && valid > TimeSpan.Zero ? valid : null);
    }

    private static List<Infrastructure> Infrastructures(List<InfrastructureOptions> options, ConfigurationErrors errors)
    {
        var result = new List<Infrastructure>();
        for (var i = 0; i < options.Count; i++)
        {
            var key = $"{Root}:Infrastructures:{i}";
            var infra = options[i];
            if (string.IsNullOrWhiteSpace(infra.Key) || !ItemKey.IsValidSegment(infra.Key))
            {
                errors.Add($"{key}:Key", $"an infrastructure key starts with a letter or digit, followed by letters, digits, '.', '_' or '-'; '{infra.Key}' does not.");
            }
            else if (!Core.Items.WireNames.TryParse(infra.Policy, out DeployPolicy policy))
            {
                errors.Add($"{key}:Policy", $"unknown policy word '{infra.Policy}'; use prevent, warn or always.");
            }
            else
            {
                result.Add(new Infrastructure(infra.Key, policy));
            }
        }

        Unique(options.Select(o => o.Key), "Infrastructures", "Key", errors);
        return result;
    }

    private static List<Assignee> Assignees(
        List<string> values, string key, Dictionary<string, Person> people, Dictionary<string, Group> groups, ConfigurationErrors errors)
    {
        var result = new List<Assignee>();
        for (var i = 0; i < values.Count; i++)
        {
            var assignee = new Assignee(values[i].Trim());
            var itemKey = key.EndsWith(":FinalApprover", StringComparison.Ordinal) ? key : $"{key}:{i}";
            var known = assignee.IsGroup ? groups.ContainsKey(assignee.Id) : people.ContainsKey(assignee.Id);
            if (!known)
            {
                errors.Add(itemKey, assignee.IsGroup
                    ? $"'{assignee.Id}' is not a group of Governance:Groups."
                    : $"'{assignee.Value}' is not a person of Governance:People (write group:<id> for a group).");
                continue;
            }

            result.Add(assignee.IsGroup ? assignee : new Assignee(assignee.Value.ToLowerInvariant()));
        }

        return result;
    }

    private static void Persons(List<string> ids, string key, Dictionary<string, Person> people, ConfigurationErrors errors)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (!people.ContainsKey(ids[i]))
            {
                errors.Add($"{key}:{i}", $"'{ids[i]}' is not a person of Governance:People.");
            }
        }
    }

    private static void Unique(IEnumerable<string?> keys, string list, string field, ConfigurationErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var value in keys)
        {
            if (value is not null && !seen.Add(value))
            {
                errors.Add($"{Root}:{list}:{i}:{field}", $"duplicate key: '{value}' is already defined.");
            }

            i++;
        }
    }

    private static List<string> Lower(List<string> ids) => ids.Select(id => id.ToLowerInvariant()).ToList();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
