namespace SignOffBot.Host.Commands;

/// <summary>
/// The <c>--option value</c> (or <c>--option=value</c>) and <c>--flag</c> words of a command, checked against the ones
/// it knows: an unknown option, a missing value, an option given twice or a stray word is a problem, each named.
/// </summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    private CommandOptions()
    {
    }

    public IReadOnlyList<string> Problems => _problems;

    public string? this[string option] => _values.GetValueOrDefault(option);

    public bool Has(string flag) => _flags.Contains(flag);

    public static CommandOptions Parse(IReadOnlyList<string> words, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> flags)
    {
        var parsed = new CommandOptions();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            var option = word.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? word[..equals] : word;
            if (flags.Contains(option) && equals < 0)
            {
                parsed._flags.Add(option);
            }
            else if (valued.Contains(option))
            {
                var value = equals > 0 ? word[(equals + 1)..] : i + 1 < words.Count && !words[i + 1].StartsWith("--", StringComparison.Ordinal) ? words[++i] : null;
                if (string.IsNullOrWhiteSpace(value))
                {
                    parsed._problems.Add($"{option} needs a value.");
                }
                else if (!parsed._values.TryAdd(option, value))
                {
                    parsed._problems.Add($"{option} is given twice.");
                }
            }
            else
            {
                parsed._problems.Add(word.StartsWith("--", StringComparison.Ordinal) ? $"Unknown option '{option}'." : $"Unexpected word '{word}'.");
            }
        }

        return parsed;
    }
}
