using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using static SignOffBot.Core.Tests.Conversations.ParserDirectory;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary>Every command of SPEC section 4, parsed into its record.</summary>
public sealed class CommandParserTests
{
    // ---- help ----------------------------------------------------------------------------------

    [Fact]
    public void Help_without_topic()
    {
        Assert.Equal(new HelpCommand(null), Command<HelpCommand>("help"));
    }

    [Theory]
    [InlineData("help deploy-check", "deploy-check")]
    [InlineData("help Register", "register")]
    [InlineData("HELP BYPASS", "bypass")]
    [InlineData("help incident-review", "incident-review")]
    public void Help_with_a_command_names_it_in_lower_case(string text, string topic)
    {
        Assert.Equal(new HelpCommand(topic), Command<HelpCommand>(text));
    }

    [Fact]
    public void Help_on_an_unknown_topic_still_parses_and_the_help_text_says_so()
    {
        var help = Command<HelpCommand>("help frobnicate");

        Assert.Equal("frobnicate", help.Topic);
        Assert.StartsWith("There is no command 'frobnicate'.", CommandGrammar.Help(help.Topic), StringComparison.Ordinal);
    }

    // ---- register ------------------------------------------------------------------------------

    [Fact]
    public void Register_with_defaults_is_a_medium_risk_model_without_evidence()
    {
        var register = Command<RegisterCommand>("register fraud-detection churn-xgb@7");

        Assert.Equal(new RegisterCommand(ChurnKey, ItemKind.Model, RiskLevel.Medium, Evidence.None), register);
    }

    [Fact]
    public void Register_with_every_option()
    {
        var register = Command<RegisterCommand>(
            "register fraud-detection churn-xgb@7 --kind bundle --risk high --model-card https://wiki.example.com/churn-7 " +
            "--report https://reports.example.com/7 --rollback https://wiki.example.com/rollback-7 --ticket CHG-1042");

        Assert.Equal(
            new RegisterCommand(
                ChurnKey,
                ItemKind.Bundle,
                RiskLevel.High,
                new Evidence("https://wiki.example.com/churn-7", "https://reports.example.com/7", "https://wiki.example.com/rollback-7", "CHG-1042")),
            register);
    }

    [Fact]
    public void Register_grammar_example_parses()
    {
        var register = Command<RegisterCommand>(CommandGrammar.Find("register")!.Example);

        Assert.Equal(
            new RegisterCommand(ChurnKey, ItemKind.Model, RiskLevel.High, new Evidence("https://wiki.example.com/churn-7", null, null, "CHG-1042")),
            register);
    }

    [Theory]
    [InlineData("--kind model", ItemKind.Model)]
    [InlineData("--kind bundle", ItemKind.Bundle)]
    [InlineData("--kind Bundle", ItemKind.Bundle)]
    [InlineData("--kind=bundle", ItemKind.Bundle)]
    [InlineData("\u2014kind bundle", ItemKind.Bundle)]
    public void Register_kind(string option, ItemKind kind)
    {
        var register = Command<RegisterCommand>($"register fraud-detection churn-xgb@7 {option}");

        Assert.Equal(kind, register.Kind);
        Assert.Equal(RiskLevel.Medium, register.Risk);
    }

    [Theory]
    [InlineData("--risk low", RiskLevel.Low)]
    [InlineData("--risk medium", RiskLevel.Medium)]
    [InlineData("--risk high", RiskLevel.High)]
    [InlineData("--risk HIGH", RiskLevel.High)]
    [InlineData("--risk=high", RiskLevel.High)]
    [InlineData("--risk=low", RiskLevel.Low)]
    [InlineData("\u2014risk high", RiskLevel.High)]
    [InlineData("\u2014risk=high", RiskLevel.High)]
    public void Register_risk(string option, RiskLevel risk)
    {
        var register = Command<RegisterCommand>($"register fraud-detection churn-xgb@7 {option}");

        Assert.Equal(risk, register.Risk);
        Assert.Equal(ItemKind.Model, register.Kind);
    }

    [Fact]
    public void Register_with_em_dashes_as_chat_clients_write_them()
    {
        var register = Command<RegisterCommand>(
            "register fraud-detection churn-xgb@7 \u2014risk high \u2014kind bundle \u2014model-card https://wiki.example.com/churn-7 " +
            "\u2014report=https://reports.example.com/7 \u2014rollback https://wiki.example.com/rollback-7 \u2014ticket CHG-1042");

        Assert.Equal(
            new RegisterCommand(
                ChurnKey,
                ItemKind.Bundle,
                RiskLevel.High,
                new Evidence("https://wiki.example.com/churn-7", "https://reports.example.com/7", "https://wiki.example.com/rollback-7", "CHG-1042")),
            register);
    }

    [Fact]
    public void Register_options_may_come_before_and_between_the_positionals()
    {
        var register = Command<RegisterCommand>("register --risk low fraud-detection --ticket CHG-9 churn-xgb@7");

        Assert.Equal(new RegisterCommand(ChurnKey, ItemKind.Model, RiskLevel.Low, new Evidence(null, null, null, "CHG-9")), register);
    }

    [Fact]
    public void Register_takes_the_urls_out_of_slack_link_escapes()
    {
        var register = Command<RegisterCommand>(
            "register fraud-detection churn-xgb@7 --model-card <https://wiki.example.com/churn-7|model card> " +
            "--report <https://reports.example.com/7> --rollback <https://wiki.example.com/rollback-7|rollback>");

        Assert.Equal(
            new Evidence("https://wiki.example.com/churn-7", "https://reports.example.com/7", "https://wiki.example.com/rollback-7", null),
            register.Evidence);
    }

    [Fact]
    public void Register_decodes_slack_html_escapes_in_urls()
    {
        var register = Command<RegisterCommand>(
            "register fraud-detection churn-xgb@7 --report <https://reports.example.com/run?id=7&amp;tab=metrics>");

        Assert.Equal("https://reports.example.com/run?id=7&tab=metrics", register.Evidence.ValidationReport);
    }

    [Fact]
    public void Register_keeps_the_segments_as_typed()
    {
        var register = Command<RegisterCommand>("register Fraud-Detection churn-xgb.v2@1.4.0+build-7");

        Assert.Equal(new ItemKey("Fraud-Detection", "churn-xgb.v2", "1.4.0+build-7"), register.Key);
    }

    // ---- request-feedback ----------------------------------------------------------------------

    [Fact]
    public void Request_feedback_without_categories_means_all_of_them()
    {
        var request = Command<RequestFeedbackCommand>($"request-feedback {ItemText}");

        Assert.Equal(ChurnKey, request.Item);
        Assert.Empty(request.Categories);
    }

    [Theory]
    [InlineData("\"IT & Operations\" Business")]
    [InlineData("\u201CIT & Operations\u201D Business")]
    [InlineData("'IT & Operations' Business")]
    [InlineData("\u2018IT & Operations\u2019 Business")]
    [InlineData("\"IT &amp; Operations\" Business")]
    [InlineData("\u201CIT &amp; Operations\u201D Business")]
    [InlineData("  \"IT & Operations\"\tBusiness  ")]
    public void Request_feedback_with_quoted_categories(string categories)
    {
        var request = Command<RequestFeedbackCommand>($"request-feedback {ItemText} {categories}");

        Assert.Equal(ChurnKey, request.Item);
        Assert.Equal(["IT & Operations", "Business"], request.Categories);
    }

    [Fact]
    public void Request_feedback_with_several_categories_keeps_their_order()
    {
        var request = Command<RequestFeedbackCommand>(
            $"request-feedback {ItemText} Business \u201CRisk & Compliance\u201D \"IT &amp; Operations\" Security");

        Assert.Equal(["Business", "Risk & Compliance", "IT & Operations", "Security"], request.Categories);
    }

    [Fact]
    public void Request_feedback_grammar_example_parses()
    {
        var request = Command<RequestFeedbackCommand>(CommandGrammar.Find("request-feedback")!.Example);

        Assert.Equal(ChurnKey, request.Item);
        Assert.Equal(["Risk & Compliance", "Business"], request.Categories);
    }

    // ---- request-final, status, audit, pending -------------------------------------------------

    [Fact]
    public void Request_final()
    {
        Assert.Equal(new RequestFinalCommand(ChurnKey), Command<RequestFinalCommand>($"request-final {ItemText}"));
    }

    [Fact]
    public void Status()
    {
        Assert.Equal(new StatusCommand(ChurnKey), Command<StatusCommand>($"status {ItemText}"));
    }

    [Fact]
    public void Audit()
    {
        Assert.Equal(new AuditCommand(ChurnKey), Command<AuditCommand>($"audit {ItemText}"));
    }

    [Fact]
    public void Pending()
    {
        Assert.Equal(new PendingCommand(), Command<PendingCommand>("pending"));
    }

    [Fact]
    public void An_item_key_may_be_quoted()
    {
        Assert.Equal(new StatusCommand(ChurnKey), Command<StatusCommand>($"status \"{ItemText}\""));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("STATUS")]
    [InlineData("Status")]
    [InlineData("sTaTuS")]
    public void Command_names_are_case_insensitive(string name)
    {
        Assert.Equal(new StatusCommand(ChurnKey), Command<StatusCommand>($"{name} {ItemText}"));
    }

    [Theory]
    [InlineData("Register fraud-detection churn-xgb@7", typeof(RegisterCommand))]
    [InlineData("REQUEST-FEEDBACK fraud-detection/churn-xgb@7", typeof(RequestFeedbackCommand))]
    [InlineData("Request-Final fraud-detection/churn-xgb@7", typeof(RequestFinalCommand))]
    [InlineData("PENDING", typeof(PendingCommand))]
    [InlineData("Delegate fraud-detection/churn-xgb@7 final @ana", typeof(DelegateCommand))]
    [InlineData("Deploy-Check fraud-detection/churn-xgb@7 prod-api", typeof(DeployCheckCommand))]
    [InlineData("BYPASS fraud-detection/churn-xgb@7 prod-api --incident INC-1 --hours 2", typeof(BypassCommand))]
    [InlineData("Incident-Review fraud-detection/churn-xgb@7 prod-api --link https://x.example.com", typeof(IncidentReviewCommand))]
    [InlineData("AUDIT fraud-detection/churn-xgb@7", typeof(AuditCommand))]
    [InlineData("Help", typeof(HelpCommand))]
    public void Every_command_name_is_case_insensitive(string text, Type type)
    {
        var parsed = Assert.IsType<ParseResult.Parsed>(Parse(text));

        Assert.IsType(type, parsed.Command);
    }

    [Fact]
    public void Surrounding_and_repeated_white_space_is_ignored()
    {
        Assert.Equal(new StatusCommand(ChurnKey), Command<StatusCommand>($"  \t status   {ItemText} \n"));
    }

    [Fact]
    public void Non_breaking_spaces_separate_words()
    {
        Assert.Equal(new StatusCommand(ChurnKey), Command<StatusCommand>($"status\u00A0{ItemText}"));
    }

    // ---- delegate ------------------------------------------------------------------------------

    [Theory]
    [InlineData("<@U0ANA|ana>")]
    [InlineData("<@U0ANA>")]
    [InlineData("<at>Ana Ortiz</at>")]
    [InlineData("<AT>Ana Ortiz</AT>")]
    [InlineData("<at>ana ortiz</at>")]
    [InlineData("<at>AnaOrtiz</at>")]
    [InlineData("@ana")]
    [InlineData("@ANA")]
    [InlineData("ana")]
    [InlineData("ana@example.com")]
    [InlineData("Ana@Example.COM")]
    [InlineData("@ana@example.com")]
    [InlineData("<mailto:ana@example.com|ana@example.com>")]
    [InlineData("\"Ana Ortiz\"")]
    public void Delegate_resolves_the_person(string mention)
    {
        var command = Command<DelegateCommand>($"delegate {ItemText} Business {mention}");

        Assert.Equal(new DelegateCommand(ChurnKey, "Business", Ana), command);
    }

    [Fact]
    public void Delegate_resolves_an_enterprise_grid_slack_user()
    {
        var command = Command<DelegateCommand>($"delegate {ItemText} final <@W0CHEN|chen.wei>");

        Assert.Equal(Chen, command.To);
    }

    [Fact]
    public void Delegate_resolves_the_local_part_of_a_dotted_email()
    {
        Assert.Equal(Chen, Command<DelegateCommand>($"delegate {ItemText} final @chen.wei").To);
    }

    [Fact]
    public void Delegate_by_slack_id_uses_the_id_not_the_label()
    {
        // The label after the bar is only what Slack shows; the id decides.
        var command = Command<DelegateCommand>($"delegate {ItemText} final <@U0BEN|ana>");

        Assert.Equal(Ben, command.To);
    }

    [Fact]
    public void Delegate_of_the_final_slot()
    {
        var command = Command<DelegateCommand>($"delegate {ItemText} final <at>Ben Dahl</at>");

        Assert.Equal(new DelegateCommand(ChurnKey, "final", Ben), command);
    }

    [Fact]
    public void Delegate_of_a_quoted_category_with_spaces()
    {
        var command = Command<DelegateCommand>($"delegate {ItemText} \u201CIT &amp; Operations\u201D <@U0ANA|ana>");

        Assert.Equal(new DelegateCommand(ChurnKey, "IT & Operations", Ana), command);
    }

    [Fact]
    public void Delegate_grammar_example_parses_against_a_directory_with_dev()
    {
        var directory = new GovernanceModel(
            [new Person("dev@example.com", "Dev Eloper", "U0DEV", null, "UTC")], [], [], []);
        var parsed = Assert.IsType<ParseResult.Parsed>(CommandParser.Parse(CommandGrammar.Find("delegate")!.Example, directory));

        Assert.Equal(new DelegateCommand(ChurnKey, "Business", "dev@example.com"), parsed.Command);
    }

    // ---- deploy-check --------------------------------------------------------------------------

    [Fact]
    public void Deploy_check()
    {
        Assert.Equal(new DeployCheckCommand(ChurnKey, "prod-api"), Command<DeployCheckCommand>($"deploy-check {ItemText} prod-api"));
    }

    [Theory]
    [InlineData("--attest")]
    [InlineData("\u2014attest")]
    public void Deploy_check_with_attest(string flag)
    {
        Assert.Equal(new DeployCheckCommand(ChurnKey, "prod-api", Attest: true), Command<DeployCheckCommand>($"deploy-check {ItemText} prod-api {flag}"));
    }

    [Theory]
    [InlineData("--attest --digest sha256:{0}")]
    [InlineData("--digest=sha256:{0} --attest")]
    [InlineData("\u2014digest sha256:{0} \u2014attest")]
    public void Deploy_check_with_attest_and_digest_gives_the_digest_in_lower_case_hex(string options)
    {
        var hex = "AB" + new string('0', 61) + "f";

        var command = Command<DeployCheckCommand>($"deploy-check {ItemText} prod-api {options.Replace("{0}", hex, StringComparison.Ordinal)}");

        Assert.Equal(new DeployCheckCommand(ChurnKey, "prod-api", Attest: true, ArtifactSha256: hex.ToLowerInvariant()), command);
    }

    [Fact]
    public void Deploy_check_grammar_example_parses()
    {
        Assert.Equal(new DeployCheckCommand(ChurnKey, "prod-api"), Command<DeployCheckCommand>(CommandGrammar.Find("deploy-check")!.Example));
    }

    // ---- bypass --------------------------------------------------------------------------------

    [Fact]
    public void Bypass()
    {
        var bypass = Command<BypassCommand>($"bypass {ItemText} prod-api --incident INC-311 --hours 4");

        Assert.Equal(new BypassCommand(ChurnKey, "prod-api", "INC-311", 4), bypass);
    }

    [Theory]
    [InlineData("--incident INC-311 --hours 4")]
    [InlineData("--hours 4 --incident INC-311")]
    [InlineData("--incident=INC-311 --hours=4")]
    [InlineData("\u2014incident INC-311 \u2014hours 4")]
    [InlineData("\u2014incident=INC-311 \u2014hours=4")]
    public void Bypass_option_forms(string options)
    {
        var bypass = Command<BypassCommand>($"bypass {ItemText} prod-api {options}");

        Assert.Equal(new BypassCommand(ChurnKey, "prod-api", "INC-311", 4), bypass);
    }

    [Fact]
    public void Bypass_options_may_come_first()
    {
        var bypass = Command<BypassCommand>($"bypass --incident INC-311 --hours 4 {ItemText} prod-api");

        Assert.Equal(new BypassCommand(ChurnKey, "prod-api", "INC-311", 4), bypass);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("24", 24)]
    [InlineData("08", 8)]
    public void Bypass_hours_is_a_whole_number(string hours, int expected)
    {
        Assert.Equal(expected, Command<BypassCommand>($"bypass {ItemText} prod-api --incident INC-1 --hours {hours}").Hours);
    }

    [Fact]
    public void Bypass_grammar_example_parses()
    {
        Assert.Equal(
            new BypassCommand(ChurnKey, "prod-api", "INC-311", 4),
            Command<BypassCommand>(CommandGrammar.Find("bypass")!.Example));
    }

    // ---- incident-review -----------------------------------------------------------------------

    [Theory]
    [InlineData("--link https://wiki.example.com/pir/311")]
    [InlineData("--link <https://wiki.example.com/pir/311|PIR 311>")]
    [InlineData("--link <https://wiki.example.com/pir/311>")]
    [InlineData("--link=https://wiki.example.com/pir/311")]
    [InlineData("\u2014link <https://wiki.example.com/pir/311|post-incident review>")]
    public void Incident_review(string link)
    {
        var review = Command<IncidentReviewCommand>($"incident-review {ItemText} prod-api {link}");

        Assert.Equal(new IncidentReviewCommand(ChurnKey, "prod-api", "https://wiki.example.com/pir/311"), review);
    }

    [Fact]
    public void Incident_review_grammar_example_parses()
    {
        Assert.Equal(
            new IncidentReviewCommand(ChurnKey, "prod-api", "https://wiki.example.com/pir/311"),
            Command<IncidentReviewCommand>(CommandGrammar.Find("incident-review")!.Example));
    }

    // ---- every example of the grammar ----------------------------------------------------------

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var entry in CommandGrammar.Commands)
        {
            data.Add(entry.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_grammar_example_parses_into_its_command(string name)
    {
        var directory = new GovernanceModel(
            [.. Model.People, new Person("dev@example.com", "Dev Eloper", "U0DEV", null, "UTC")], [], [], []);
        var entry = CommandGrammar.Find(name)!;

        var result = CommandParser.Parse(entry.Example, directory);

        var parsed = Assert.IsType<ParseResult.Parsed>(result);
        var expected = name switch
        {
            "help" => typeof(HelpCommand),
            "register" => typeof(RegisterCommand),
            "request-feedback" => typeof(RequestFeedbackCommand),
            "request-final" => typeof(RequestFinalCommand),
            "status" => typeof(StatusCommand),
            "pending" => typeof(PendingCommand),
            "delegate" => typeof(DelegateCommand),
            "deploy-check" => typeof(DeployCheckCommand),
            "bypass" => typeof(BypassCommand),
            "incident-review" => typeof(IncidentReviewCommand),
            "audit" => typeof(AuditCommand),
            "evidence" => typeof(EvidenceCommand),
            "withdraw" => typeof(WithdrawCommand),
            "re-request" => typeof(ReRequestCommand),
            "revoke" => typeof(RevokeCommand),
            "recertify" => typeof(RecertifyCommand),
            "confirm" => typeof(ConfirmCommand),
            "mine" => typeof(MineCommand),
            "list" => typeof(ListCommand),
            _ => throw new InvalidOperationException($"the grammar has a command '{name}' the SPEC does not"),
        };
        Assert.IsType(expected, parsed.Command);
    }

    [Fact]
    public void Withdraw_TakesSlotsAndAnUnquotedReason()
    {
        var parsed = Assert.IsType<ParseResult.Parsed>(CommandParser.Parse("withdraw fraud-detection/churn-xgb@7 Business final --reason sent to the wrong category", Model));

        var command = Assert.IsType<WithdrawCommand>(parsed.Command);
        Assert.Equal(["Business", "final"], command.Slots);
        Assert.Equal("sent to the wrong category", command.Reason);
    }

    [Theory]
    [InlineData("withdraw fraud-detection/churn-xgb@7 Business", "withdraw needs --reason.")]
    [InlineData("revoke fraud-detection/churn-xgb@7", "revoke needs --reason.")]
    [InlineData("confirm fraud-detection/churn-xgb@7 staging-api", "confirm needs --reason.")]
    [InlineData("re-request fraud-detection/churn-xgb@7", "re-request needs 2 arguments, got 1.")]
    [InlineData("list fraud-detection --state done", "--state is one of not-started, feedback-requested, final-approval-requested, approved, rejected, abandoned; not 'done'.")]
    [InlineData("recertify fraud-detection/churn-xgb@7 --fast yes", "recertify has no option --fast.")]
    public void LifecycleCommands_WithoutWhatTheyNeed_AreUsageErrors(string text, string message)
    {
        var error = Assert.IsType<ParseResult.UsageError>(CommandParser.Parse(text, Model));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Recertify_FeedbackIsAFlag_AndReRequestKeepsAnOptionalReason()
    {
        var recertify = Assert.IsType<RecertifyCommand>(Assert.IsType<ParseResult.Parsed>(CommandParser.Parse("recertify fraud-detection/churn-xgb@7 --feedback", Model)).Command);
        var plain = Assert.IsType<RecertifyCommand>(Assert.IsType<ParseResult.Parsed>(CommandParser.Parse("recertify fraud-detection/churn-xgb@7", Model)).Command);
        var again = Assert.IsType<ReRequestCommand>(Assert.IsType<ParseResult.Parsed>(CommandParser.Parse("re-request fraud-detection/churn-xgb@7 \"Risk & Compliance\" Business", Model)).Command);

        Assert.True(recertify.WithFeedback);
        Assert.False(plain.WithFeedback);
        Assert.Equal(["Risk & Compliance", "Business"], again.Categories);
        Assert.Null(again.Reason);
    }

    [Fact]
    public void Evidence_TakesOnlyTheLinksGiven()
    {
        var command = Assert.IsType<EvidenceCommand>(Assert.IsType<ParseResult.Parsed>(
            CommandParser.Parse("evidence fraud-detection/churn-xgb@7 --report https://wiki.example.com/r2 --ticket CHG-7", Model)).Command);

        Assert.Equal(new Evidence(null, "https://wiki.example.com/r2", null, "CHG-7"), command.Change);
    }
}
