using SignOffBot.Core.Conversations;
using static SignOffBot.Core.Tests.Conversations.ParserDirectory;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary>Bad input: a short message saying what was wrong, and the right form of the command (SPEC section 4).</summary>
public sealed class CommandParserUsageErrorTests
{
    // ---- no command, unknown command -----------------------------------------------------------

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    [InlineData("\u00A0")]
    public void Empty_text_asks_for_a_command_and_shows_the_overview(string? text)
    {
        var error = Error(text);

        Assert.Equal("Type a command.", error.Message);
        Assert.Equal(CommandGrammar.Overview, error.Usage);
    }

    [Theory]
    [InlineData("approve fraud-detection/churn-xgb@7", "approve")]
    [InlineData("Frobnicate", "Frobnicate")]
    [InlineData("--risk high", "--risk")]
    [InlineData("fraud-detection/churn-xgb@7", "fraud-detection/churn-xgb@7")]
    [InlineData("deploycheck fraud-detection/churn-xgb@7 prod-api", "deploycheck")]
    public void Unknown_command_is_named_and_the_overview_shown(string text, string word)
    {
        var error = Error(text);

        Assert.Equal($"Unknown command '{word}'.", error.Message);
        Assert.Equal(CommandGrammar.Overview, error.Usage);
    }

    [Fact]
    public void The_overview_lists_every_form_of_the_spec()
    {
        var overview = Error("nonsense").Usage;

        foreach (var name in new[] { "help", "register", "request-feedback", "request-final", "status", "pending", "delegate", "deploy-check", "bypass", "incident-review", "audit" })
        {
            Assert.Contains(UsageLine(name)["Usage: ".Length..], overview, StringComparison.Ordinal);
        }
    }

    // ---- missing arguments ---------------------------------------------------------------------

    [Theory]
    [InlineData("status", "status")]
    [InlineData("audit", "audit")]
    [InlineData("request-final", "request-final")]
    [InlineData("request-feedback", "request-feedback")]
    [InlineData("Status", "status")]
    public void Missing_item(string text, string command)
    {
        var error = Error(text);

        Assert.Equal($"{command} needs an item.", error.Message);
        ShowsUsageOf(error, command);
    }

    [Theory]
    [InlineData("deploy-check", "deploy-check", 2, 0)]
    [InlineData("deploy-check fraud-detection/churn-xgb@7", "deploy-check", 2, 1)]
    [InlineData("bypass --incident INC-1 --hours 4", "bypass", 2, 0)]
    [InlineData("bypass fraud-detection/churn-xgb@7 --incident INC-1 --hours 4", "bypass", 2, 1)]
    [InlineData("incident-review fraud-detection/churn-xgb@7 --link https://x.example.com", "incident-review", 2, 1)]
    [InlineData("delegate fraud-detection/churn-xgb@7 Business", "delegate", 3, 2)]
    [InlineData("delegate fraud-detection/churn-xgb@7", "delegate", 3, 1)]
    [InlineData("delegate", "delegate", 3, 0)]
    [InlineData("register fraud-detection", "register", 2, 1)]
    [InlineData("register", "register", 2, 0)]
    [InlineData("register --risk high", "register", 2, 0)]
    public void Missing_arguments(string text, string command, int needed, int got)
    {
        var error = Error(text);

        Assert.Equal($"{command} needs {needed} arguments, got {got}.", error.Message);
        ShowsUsageOf(error, command);
    }

    // ---- malformed item keys -------------------------------------------------------------------

    [Theory]
    [InlineData("status churn-xgb@7", "status", "churn-xgb@7")]
    [InlineData("status fraud-detection/churn-xgb", "status", "fraud-detection/churn-xgb")]
    [InlineData("request-final fraud-detection/churn-xgb@", "request-final", "fraud-detection/churn-xgb@")]
    [InlineData("request-feedback fraud/detection/churn@7 Business", "request-feedback", "fraud/detection/churn@7")]
    [InlineData("deploy-check /churn-xgb@7 prod-api", "deploy-check", "/churn-xgb@7")]
    [InlineData("bypass churn-xgb prod-api --incident INC-1 --hours 4", "bypass", "churn-xgb")]
    [InlineData("incident-review fraud-detection/-x@7 prod-api --link https://x.example.com", "incident-review", "fraud-detection/-x@7")]
    [InlineData("delegate fraud-detection@7 Business @ana", "delegate", "fraud-detection@7")]
    public void Malformed_item_key_explains_the_key_form(string text, string command, string key)
    {
        var error = Error(text);

        Assert.Equal($"'{key}' is not an item key; items are keyed <project>/<name>@<version>, e.g. fraud-detection/churn-xgb@7.", error.Message);
        ShowsUsageOf(error, command);
    }

    [Theory]
    [InlineData("register fraud-detection churn-xgb", "fraud-detection churn-xgb")]
    [InlineData("register fraud-detection churn-xgb@", "fraud-detection churn-xgb@")]
    [InlineData("register fraud-detection/churn-xgb@7 extra", "fraud-detection/churn-xgb@7 extra")]
    [InlineData("register fraud-detection @7", "fraud-detection @7")]
    [InlineData("register -fraud churn-xgb@7", "-fraud churn-xgb@7")]
    public void Register_explains_the_project_name_version_form(string text, string words)
    {
        var error = Error(text);

        Assert.Equal($"'{words}' is not <project> <name>@<version>.", error.Message);
        ShowsUsageOf(error, "register");
    }

    [Fact]
    public void A_one_word_register_key_is_reported_as_a_missing_argument()
    {
        var error = Error("register fraud-detection/churn-xgb@7");

        Assert.Equal("register needs 2 arguments, got 1.", error.Message);
        ShowsUsageOf(error, "register");
    }

    // ---- too many arguments --------------------------------------------------------------------

    [Theory]
    [InlineData("status fraud-detection/churn-xgb@7 now", "status", "at most 1 argument", "now")]
    [InlineData("audit fraud-detection churn-xgb@7", "audit", "at most 1 argument", "churn-xgb@7")]
    [InlineData("audit fraud-detection/churn xgb@7", "audit", "at most 1 argument", "xgb@7")]
    [InlineData("audit fraud-detection/churn-xgb@7 all", "audit", "at most 1 argument", "all")]
    [InlineData("request-final fraud-detection/churn-xgb@7 please", "request-final", "at most 1 argument", "please")]
    [InlineData("pending mine", "pending", "no arguments", "mine")]
    [InlineData("help bypass register", "help", "at most 1 argument", "register")]
    [InlineData("deploy-check fraud-detection/churn-xgb@7 prod-api staging", "deploy-check", "at most 2 arguments", "staging")]
    [InlineData("delegate fraud-detection/churn-xgb@7 Business @ana @ben", "delegate", "at most 3 arguments", "@ben")]
    [InlineData("delegate fraud-detection/churn-xgb@7 IT & Operations @ana", "delegate", "at most 3 arguments", "Operations")]
    [InlineData("register fraud-detection churn-xgb@7 high", "register", "at most 2 arguments", "high")]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api 4 --incident INC-1 --hours 4", "bypass", "at most 2 arguments", "4")]
    [InlineData("incident-review fraud-detection/churn-xgb@7 prod-api done --link https://x.example.com", "incident-review", "at most 2 arguments", "done")]
    public void Too_many_arguments_names_the_first_extra_word(string text, string command, string limit, string extra)
    {
        var error = Error(text);

        Assert.Equal($"{command} takes {limit}; '{extra}' is one too many.", error.Message);
        ShowsUsageOf(error, command);
    }

    // ---- unknown options -----------------------------------------------------------------------

    [Theory]
    [InlineData("status fraud-detection/churn-xgb@7 --verbose yes", "status", "verbose")]
    [InlineData("audit fraud-detection/churn-xgb@7 --since=2024-01-01", "audit", "since")]
    [InlineData("request-final fraud-detection/churn-xgb@7 --to ben", "request-final", "to")]
    [InlineData("request-feedback fraud-detection/churn-xgb@7 Business --all yes", "request-feedback", "all")]
    [InlineData("pending --all yes", "pending", "all")]
    [InlineData("help --verbose yes", "help", "verbose")]
    [InlineData("delegate fraud-detection/churn-xgb@7 Business @ana --until friday", "delegate", "until")]
    [InlineData("deploy-check fraud-detection/churn-xgb@7 prod-api --risk high", "deploy-check", "risk")]
    [InlineData("register fraud-detection churn-xgb@7 --owner ana", "register", "owner")]
    [InlineData("register fraud-detection churn-xgb@7 --risk high --card https://x.example.com", "register", "card")]
    [InlineData("register fraud-detection churn-xgb@7 \u2014priority high", "register", "priority")]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api --incident INC-1 --hours 4 --force yes", "bypass", "force")]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api --incident INC-1 --hours 4 --link https://x.example.com", "bypass", "link")]
    [InlineData("incident-review fraud-detection/churn-xgb@7 prod-api --link https://x.example.com --incident INC-1", "incident-review", "incident")]
    public void Unknown_option(string text, string command, string option)
    {
        var error = Error(text);

        Assert.Equal($"{command} has no option --{option}.", error.Message);
        ShowsUsageOf(error, command);
    }

    // ---- options given twice -------------------------------------------------------------------

    [Theory]
    [InlineData("register fraud-detection churn-xgb@7 --risk high --risk low", "register", "risk")]
    [InlineData("register fraud-detection churn-xgb@7 --risk=high \u2014risk low", "register", "risk")]
    [InlineData("register fraud-detection churn-xgb@7 --ticket CHG-1 --kind model --ticket CHG-2", "register", "ticket")]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api --incident INC-1 --hours 4 --hours 5", "bypass", "hours")]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api --incident INC-1 --incident=INC-2 --hours 4", "bypass", "incident")]
    [InlineData("incident-review fraud-detection/churn-xgb@7 prod-api --link https://a.example.com --link https://b.example.com", "incident-review", "link")]
    public void Option_given_twice(string text, string command, string option)
    {
        var error = Error(text);

        Assert.Equal($"--{option} is given twice.", error.Message);
        ShowsUsageOf(error, command);
    }

    // ---- options without a value ---------------------------------------------------------------

    [Theory]
    [InlineData("register fraud-detection churn-xgb@7 --ticket", "register", "ticket")]
    [InlineData("register fraud-detection churn-xgb@7 --risk --kind bundle", "register", "risk")]
    [InlineData("register fraud-detection churn-xgb@7 \u2014model-card", "register", "model-card")]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api --incident INC-1 --hours", "bypass", "hours")]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api --incident --hours 4", "bypass", "incident")]
    [InlineData("incident-review fraud-detection/churn-xgb@7 prod-api --link", "incident-review", "link")]
    [InlineData("incident-review fraud-detection/churn-xgb@7 prod-api --link=", "incident-review", "link")]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api --incident= --hours 4", "bypass", "incident")]
    public void Option_without_value(string text, string command, string option)
    {
        var error = Error(text);

        Assert.Equal($"--{option} needs a value.", error.Message);
        ShowsUsageOf(error, command);
    }

    // ---- register values -----------------------------------------------------------------------

    [Theory]
    [InlineData("--kind dataset", "--kind is model or bundle, not 'dataset'.")]
    [InlineData("--kind=models", "--kind is model or bundle, not 'models'.")]
    [InlineData("--risk extreme", "--risk is low, medium or high, not 'extreme'.")]
    [InlineData("\u2014risk=critical", "--risk is low, medium or high, not 'critical'.")]
    [InlineData("--risk 3", "--risk is low, medium or high, not '3'.")]
    public void Register_rejects_unknown_kinds_and_risks(string option, string message)
    {
        var error = Error($"register fraud-detection churn-xgb@7 {option}");

        Assert.Equal(message, error.Message);
        ShowsUsageOf(error, "register");
    }

    // ---- delegate: unknown person --------------------------------------------------------------

    [Theory]
    [InlineData("@zed")]
    [InlineData("zed@example.com")]
    [InlineData("<@U0NOBODY|zed>")]
    [InlineData("<@U0NOBODY>")]
    [InlineData("<at>Zed Zimmer</at>")]
    [InlineData("@")]
    [InlineData("<at></at>")]
    [InlineData("@an")]
    [InlineData("@ana@example.org")]
    public void Delegate_to_an_unknown_person_names_the_mention(string mention)
    {
        var error = Error($"delegate fraud-detection/churn-xgb@7 Business {mention}");

        Assert.Equal($"No person in the directory matches '{mention}'.", error.Message);
        ShowsUsageOf(error, "delegate");
    }

    [Fact]
    public void Delegate_by_slack_id_is_case_sensitive_like_slack_ids()
    {
        var error = Error("delegate fraud-detection/churn-xgb@7 Business <@u0ana>");

        Assert.Contains("<@u0ana>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Delegate_by_slack_id_does_not_reach_a_person_without_a_slack_account()
    {
        // Dana has no Slack user id; a Slack mention with an id nobody has stays unresolved.
        var error = Error("delegate fraud-detection/churn-xgb@7 Business <@U0DANA|dana>");

        Assert.Equal("No person in the directory matches '<@U0DANA|dana>'.", error.Message);
    }

    [Fact]
    public void Delegate_to_a_person_without_a_slack_account_by_teams_mention_or_email()
    {
        Assert.Equal(Dana, Command<DelegateCommand>("delegate fraud-detection/churn-xgb@7 final <at>Dana Scully</at>").To);
        Assert.Equal(Dana, Command<DelegateCommand>("delegate fraud-detection/churn-xgb@7 final dana@example.com").To);
    }

    // ---- bypass --------------------------------------------------------------------------------

    [Theory]
    [InlineData("four")]
    [InlineData("4.5")]
    [InlineData("4h")]
    [InlineData("-3")]
    [InlineData("+4")]
    [InlineData("99999999999")]
    [InlineData("\u0664")]
    public void Bypass_hours_not_a_whole_number(string hours)
    {
        var error = Error($"bypass fraud-detection/churn-xgb@7 prod-api --incident INC-311 --hours {hours}");

        Assert.Equal($"--hours takes a whole number of hours from 1 to 24, not '{hours}'.", error.Message);
        ShowsUsageOf(error, "bypass");
    }

    [Theory]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api --hours 4", "incident")]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api", "incident")]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api --incident INC-311", "hours")]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api \u2014incident INC-311", "hours")]
    public void Bypass_without_a_required_option(string text, string option)
    {
        var error = Error(text);

        Assert.Equal($"bypass needs --{option}.", error.Message);
        Assert.Contains("Usage: bypass <item> <infrastructure> --incident <ticket> --hours <n>", error.Usage, StringComparison.Ordinal);
        ShowsUsageOf(error, "bypass");
    }

    // ---- incident-review -----------------------------------------------------------------------

    [Theory]
    [InlineData("incident-review fraud-detection/churn-xgb@7 prod-api")]
    public void Incident_review_without_a_link(string text)
    {
        var error = Error(text);

        Assert.Equal("incident-review needs --link.", error.Message);
        ShowsUsageOf(error, "incident-review");
    }

    // ---- deploy-check --attest --digest ----------------------------------------------------------

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("sha512:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("SHA256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256:000000000000000000000000000000000000000000000000000000000000000g")]
    [InlineData("sha256:00000000000000000000000000000000000000000000000000000000000000000")]
    public void A_digest_that_is_not_sha256_and_64_hex_digits_is_named(string digest)
    {
        var error = Error($"deploy-check fraud-detection/churn-xgb@7 prod-api --attest --digest {digest}");

        Assert.Equal($"--digest is sha256:<64 hex digits> (the artifact's SHA-256), not '{digest}'.", error.Message);
        ShowsUsageOf(error, "deploy-check");
    }

    [Fact]
    public void A_digest_without_attest_is_refused()
    {
        var error = Error($"deploy-check fraud-detection/churn-xgb@7 prod-api --digest sha256:{new string('0', 64)}");

        Assert.Equal("--digest names the artifact an attestation is about: use it with --attest.", error.Message);
        ShowsUsageOf(error, "deploy-check");
    }

    // ---- the usage text ------------------------------------------------------------------------

    [Theory]
    [InlineData("status")]
    [InlineData("audit")]
    [InlineData("request-final")]
    [InlineData("request-feedback")]
    [InlineData("delegate")]
    [InlineData("deploy-check")]
    [InlineData("bypass")]
    [InlineData("incident-review")]
    [InlineData("register")]
    public void Usage_shows_the_form_and_the_example(string command)
    {
        var error = Error(command);
        var entry = CommandGrammar.Find(command)!;

        Assert.Equal($"{UsageLine(command)}\nExample: {entry.Example}", error.Usage);
        Assert.Equal($"{error.Message}\n{error.Usage}", error.Text);
    }

    [Fact]
    public void Usage_of_a_command_typed_in_capitals_is_still_its_form()
    {
        var error = Error("BYPASS fraud-detection/churn-xgb@7 prod-api --hours 4");

        Assert.Contains("Usage: bypass <item> <infrastructure> --incident <ticket> --hours <n>", error.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_errors_of_pending_and_help_show_their_forms()
    {
        ShowsUsageOf(Error("pending now"), "pending");
        ShowsUsageOf(Error("help a b"), "help");
    }
}
