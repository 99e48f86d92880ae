using System.Globalization;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;

namespace SignOffBot.Core.Conversations;

/// <summary>Text in, a <see cref="ChatCommand"/> or a usage error out. Shared by every chat surface.</summary>
public static class CommandParser
{
    public static ParseResult Parse(string? text, GovernanceModel directory)
    {
        var tokens = Tokenizer.Split(text ?? string.Empty);
        if (tokens.Count == 0)
        {
            return new ParseResult.UsageError("Type a command.", CommandGrammar.Overview);
        }

        var name = tokens[0].ToLowerInvariant();
        var entry = CommandGrammar.Find(name);
        if (entry is null)
        {
            return new ParseResult.UsageError($"Unknown command '{tokens[0]}'.", CommandGrammar.Overview);
        }

        try
        {
            var args = new Arguments(entry.Name, tokens.Skip(1).ToList());
            return new ParseResult.Parsed(Build(entry.Name, args, directory));
        }
        catch (UsageException usage)
        {
            return new ParseResult.UsageError(usage.Message, CommandGrammar.UsageOf(entry.Name, directory));
        }
    }

    private static ChatCommand Build(string name, Arguments args, GovernanceModel directory)
    {
        switch (name)
        {
            case "help":
                var topic = args.Positionals(0, 1);
                return new HelpCommand(topic.Count == 0 ? null : topic[0].ToLowerInvariant());
            case "register":
                return Register(args);
            case "request-feedback":
                var words = args.Positionals(1, int.MaxValue);
                return new RequestFeedbackCommand(Item(words[0]), words.Skip(1).ToList());
            case "request-final":
                return new RequestFinalCommand(Item(args.Positionals(1, 1)[0]));
            case "status":
                return new StatusCommand(Item(args.Positionals(1, 1)[0]));
            case "pending":
                args.Positionals(0, 0);
                return new PendingCommand();
            case "delegate":
                var parts = args.Positionals(3, 3);
                var person = PersonResolver.Resolve(directory, parts[2])
                    ?? throw new UsageException($"No person in the directory matches '{parts[2]}'.");
                return new DelegateCommand(Item(parts[0]), parts[1], person.Id);
            case "deploy-check":
                return DeployCheck(args);
            case "bypass":
                var target = args.Positionals(2, 2);
                var incident = args.Required("incident");
                var hoursText = args.Required("hours");
                if (!int.TryParse(hoursText, NumberStyles.None, CultureInfo.InvariantCulture, out var hours))
                {
                    throw new UsageException($"--hours takes a whole number of hours from 1 to 24, not '{hoursText}'.");
                }

                args.NoOtherOptions();
                return new BypassCommand(Item(target[0]), target[1], incident, hours);
            case "incident-review":
                var review = args.Positionals(2, 2);
                var link = args.Required("link");
                args.NoOtherOptions();
                return new IncidentReviewCommand(Item(review[0]), review[1], link);
            case "evidence":
                var change = new Evidence(args.Optional("model-card"), args.Optional("report"), args.Optional("rollback"), args.Optional("ticket"));
                return new EvidenceCommand(Item(args.Positionals(1, 1)[0]), change);
            case "withdraw":
                var withdrawReason = args.Required("reason");
                var withdrawn = args.Positionals(2, int.MaxValue);
                args.NoOtherOptions();
                return new WithdrawCommand(Item(withdrawn[0]), [.. withdrawn.Skip(1)], withdrawReason);
            case "re-request":
                var again = args.Optional("reason");
                var asked = args.Positionals(2, int.MaxValue);
                args.NoOtherOptions();
                return new ReRequestCommand(Item(asked[0]), [.. asked.Skip(1)], again);
            case "revoke":
                var revokeReason = args.Required("reason");
                return new RevokeCommand(Item(args.Positionals(1, 1)[0]), revokeReason);
            case "recertify":
                var withFeedback = args.Flag("feedback");
                return new RecertifyCommand(Item(args.Positionals(1, 1)[0]), withFeedback);
            case "confirm":
                var confirmReason = args.Required("reason");
                var confirmed = args.Positionals(2, 2);
                return new ConfirmCommand(Item(confirmed[0]), confirmed[1], confirmReason);
            case "mine":
                args.Positionals(0, 0);
                return new MineCommand();
            case "list":
                SignOffState? state = null;
                if (args.Optional("state") is { } stateText)
                {
                    state = WireNames.TryParse(stateText, out SignOffState parsedState)
                        ? parsedState
                        : throw new UsageException($"--state is one of not-started, feedback-requested, final-approval-requested, approved, rejected, abandoned; not '{stateText}'.");
                }

                return new ListCommand(args.Positionals(1, 1)[0], state);
            default:
                return new AuditCommand(Item(args.Positionals(1, 1)[0]));
        }
    }

    private static RegisterCommand Register(Arguments args)
    {
        var words = args.Positionals(2, 2);
        var key = ItemKey.TryParse($"{words[0]}/{words[1]}", out var parsed)
            ? parsed
            : throw new UsageException(ItemKey.LengthRefusal($"{words[0]}/{words[1]}")?.Message ?? $"'{words[0]} {words[1]}' is not <project> <name>@<version>.");
        var kind = ItemKind.Model;
        if (args.Optional("kind") is { } kindText && !WireNames.TryParse(kindText, out kind))
        {
            throw new UsageException($"--kind is model or bundle, not '{kindText}'.");
        }

        var risk = RiskLevel.Medium;
        if (args.Optional("risk") is { } riskText && !WireNames.TryParse(riskText, out risk))
        {
            throw new UsageException($"--risk is low, medium or high, not '{riskText}'.");
        }

        var evidence = new Evidence(args.Optional("model-card"), args.Optional("report"), args.Optional("rollback"), args.Optional("ticket"));
        args.NoOtherOptions();
        return new RegisterCommand(key, kind, risk, evidence);
    }

    private static DeployCheckCommand DeployCheck(Arguments args)
    {
        var attest = args.Flag("attest");
        var digestText = args.Optional("digest");
        var check = args.Positionals(2, 2);
        if (digestText is null)
        {
            return new DeployCheckCommand(Item(check[0]), check[1], attest);
        }

        if (!attest)
        {
            throw new UsageException("--digest names the artifact an attestation is about: use it with --attest.");
        }

        var digest = ArtifactDigest.Parse(digestText)
            ?? throw new UsageException($"--digest is {ArtifactDigest.Form} (the artifact's SHA-256), not '{digestText}'.");
        return new DeployCheckCommand(Item(check[0]), check[1], attest, digest);
    }

    private static ItemKey Item(string text) => ItemKey.TryParse(text, out var key)
        ? key
        : throw new UsageException(ItemKey.LengthRefusal(text)?.Message ?? $"'{text}' is not an item key; items are keyed {ItemKey.Form}, e.g. fraud-detection/churn-xgb@7.");

    private sealed class UsageException(string message) : Exception(message);

    /// <summary>Positional words and <c>--name value</c> (or <c>--name=value</c>) options of one command.</summary>
    private sealed class Arguments
    {
        private readonly string _command;
        private readonly List<string> _positionals = [];
        private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

        public Arguments(string command, IReadOnlyList<string> tokens)
        {
            _command = command;
            for (var i = 0; i < tokens.Count; i++)
            {
                var token = tokens[i];
                if (!IsOption(token))
                {
                    _positionals.Add(token);
                    continue;
                }

                // Chat clients turn "--" into an em dash; both mean an option.
                var option = token.TrimStart('-', '\u2014');
                string value;
                var equals = option.IndexOf('=');
                if (equals < 0 && IsFlag(option))
                {
                    value = "true";
                }
                else if (equals < 0 && IsText(option) && i + 1 < tokens.Count && !IsOption(tokens[i + 1]))
                {
                    // A reason is free text: every word up to the next option, quoted or not.
                    var words = new List<string>();
                    while (i + 1 < tokens.Count && !IsOption(tokens[i + 1]))
                    {
                        words.Add(tokens[++i]);
                    }

                    value = string.Join(' ', words);
                }
                else if (equals >= 0)
                {
                    value = option[(equals + 1)..];
                    option = option[..equals];
                    if (value.Length == 0)
                    {
                        throw new UsageException($"--{option} needs a value.");
                    }
                }
                else if (i + 1 < tokens.Count && !IsOption(tokens[i + 1]))
                {
                    value = tokens[++i];
                }
                else
                {
                    throw new UsageException($"--{option} needs a value.");
                }

                if (!_options.TryAdd(option, value))
                {
                    throw new UsageException($"--{option} is given twice.");
                }
            }
        }

        public IReadOnlyList<string> Positionals(int min, int max)
        {
            if (_positionals.Count < min)
            {
                throw new UsageException(min == 1 ? $"{_command} needs an item." : $"{_command} needs {min} arguments, got {_positionals.Count}.");
            }

            if (_positionals.Count > max)
            {
                throw new UsageException($"{_command} takes {(max == 0 ? "no" : $"at most {max}")} argument{(max == 1 ? string.Empty : "s")}; '{_positionals[max]}' is one too many.");
            }

            if (max != int.MaxValue || _options.Count > 0)
            {
                NoOtherOptions();
            }

            return _positionals;
        }

        public string Required(string option) =>
            Optional(option) ?? throw new UsageException($"{_command} needs --{option}.");

        public string? Optional(string option)
        {
            _read.Add(option);
            return _options.TryGetValue(option, out var value) && value.Length > 0 ? value : null;
        }

        /// <summary>True when the value-less option is given (e.g. <c>--feedback</c>).</summary>
        public bool Flag(string option)
        {
            _read.Add(option);
            return _options.ContainsKey(option);
        }

        public void NoOtherOptions()
        {
            var unknown = _options.Keys.FirstOrDefault(k => !_read.Contains(k) && !Known(k));
            if (unknown is not null)
            {
                throw new UsageException($"{_command} has no option --{unknown}.");
            }
        }

        private static bool IsOption(string token) =>
            token.StartsWith("--", StringComparison.Ordinal) || token.StartsWith('\u2014');

        private bool IsFlag(string option) => (_command, option.ToLowerInvariant()) is ("recertify", "feedback") or ("deploy-check", "attest");

        private static bool IsText(string option) => option.Equals("reason", StringComparison.OrdinalIgnoreCase);

        private bool Known(string option) => (_command, option.ToLowerInvariant()) switch
        {
            ("evidence", "model-card" or "report" or "rollback" or "ticket") => true,
            ("withdraw" or "revoke" or "confirm" or "re-request", "reason") => true,
            ("recertify", "feedback") => true,
            ("list", "state") => true,
            ("register", "kind" or "risk" or "model-card" or "report" or "rollback" or "ticket") => true,
            ("bypass", "incident" or "hours") => true,
            ("incident-review", "link") => true,
            ("deploy-check", "attest" or "digest") => true,
            _ => false,
        };
    }
}
