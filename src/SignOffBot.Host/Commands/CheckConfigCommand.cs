using Microsoft.Extensions.Options;
using SignOffBot.Host.Configuration;
using SignOffBot.Host.Governance;
using SignOffBot.Host.Playground;
using SignOffBot.Host.Slack;
using SignOffBot.Host.Teams;

namespace SignOffBot.Host.Commands;

/// <summary>
/// <c>signoffbot check-config [--config file]</c>: builds the host's configuration and services exactly as a start does
/// (the same layers: appsettings, the file, environment variables) and runs the checks a start runs
/// (<see cref="ConfigurationCheck"/>), without starting: no store is opened, no platform contacted.
/// </summary>
public static class CheckConfigCommand
{
    public const string Synopsis = "signoffbot check-config [--config <file>]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var options = CommandOptions.Parse(args[1..], valued: ["--config"], flags: []);
        if (options.Problems.Count > 0)
        {
            options.Problems.ToList().ForEach(error.WriteLine);
            error.WriteLine("Usage: " + Synopsis);
            return 2;
        }

        string[] hostArgs = options["--config"] is { } file ? ["--config", file] : [];
        WebApplicationBuilder builder;
        WebApplication app;
        try
        {
            builder = SignOffBotHost.CreateBuilder(hostArgs);
            app = builder.Build();
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or FormatException or IOException)
        {
            // A missing file or one that is not JSON: the configuration cannot even be read.
            error.WriteLine($"The configuration cannot be read: {e.Message}{(e.InnerException is { } inner ? " " + inner.Message : "")}");
            return 1;
        }

        using (app)
        {
            var source = ConfigFileLayering.FindConfigFile(hostArgs) is { } path ? Path.GetFullPath(path) : "no --config file";
            var problems = ConfigurationCheck.Problems(builder.Services, app.Services);
            if (problems.Count > 0)
            {
                error.WriteLine($"The configuration is invalid ({source}, environment {app.Environment.EnvironmentName}); the host would not start:");
                foreach (var problem in problems)
                {
                    error.WriteLine($"  {problem}");
                }

                return 1;
            }

            output.WriteLine($"Configuration OK ({source}, environment {app.Environment.EnvironmentName}): {Summary(app.Services)}.");
            return 0;
        }
    }

    private static string Summary(IServiceProvider services)
    {
        var (model, _, fromSample) = ConfiguredGovernance.Load(services.GetRequiredService<IConfiguration>());
        var on = new List<string>();
        if (services.GetRequiredService<IOptions<TeamsOptions>>().Value.IsOn)
        {
            on.Add("teams");
        }

        if (services.GetRequiredService<IOptions<SlackOptions>>().Value.IsOn)
        {
            on.Add("slack");
        }

        if (services.GetRequiredService<PlaygroundSwitch>().IsOn)
        {
            on.Add("playground");
        }

        return $"{model!.Projects.Count} projects, {model.People.Count} people{(fromSample ? " (the sample governance)" : "")}; "
            + $"platforms on: {(on.Count > 0 ? string.Join(", ", on) : "none")}";
    }
}
