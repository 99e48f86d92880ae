using SignOffBot.Host.Api;
using SignOffBot.Host.Attestation;
using SignOffBot.Host.Backup;
using SignOffBot.Host.Configuration;
using SignOffBot.Host.Governance;
using SignOffBot.Host.Health;
using SignOffBot.Host.Http;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Playground;
using SignOffBot.Host.Reminders;
using SignOffBot.Host.Slack;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Teams;
using SignOffBot.Host.Telemetry;
using SignOffBot.Host.Workflow;

namespace SignOffBot.Host;

/// <summary>
/// The host's configuration and services (<see cref="CreateBuilder"/>) and its pipeline (<see cref="Build"/>): one
/// place, so <c>signoffbot check-config</c> checks the very options and validations the running host starts with.
/// </summary>
public static class SignOffBotHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        // The default appsettings files are added without a watcher (one would listen to every write under the
        // content root, the store's file included); they are polled instead (PolledConfigFiles).
        var builder = WebApplication.CreateBuilder([.. args, $"--{PolledConfigFiles.HostReloadSwitch}=false"]);
        builder.Configuration.AddLoggingDefaults();
        builder.Configuration.AddSignOffBotConfigFile(args);
        builder.Configuration.WatchConfigFilesByPolling();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestSizeLimit.MaxFramedBodyBytes);

        builder.Services.AddHostedService<StartupCheck>();
        builder.Services.AddSingleton<BackgroundFailures>();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = FrameworkAnswerDetails.Fill);
        builder.Services.AddGovernance();
        builder.Services.AddStorage();
        builder.Services.AddSignOffWorkflow();
        builder.Services.AddPipelineApi();
        builder.Services.AddAttestation();
        builder.Services.AddOutbox();
        builder.Services.AddReminders(builder.Configuration);
        builder.Services.AddTeams();
        builder.Services.AddSlack();
        builder.Services.AddPlayground();
        builder.Services.AddRateLimits();
        builder.Services.AddTelemetry(builder.Configuration);
        builder.Services.AddReadiness();
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseAckLatency();
        app.UsePrometheusEndpoint();
        app.UseProblemErrors();
        app.UseStatusCodePages();
        app.UseRequestSizeLimit();
        app.UseRateLimiter();
        app.MapHealth();
        app.MapReadiness();
        app.MapOutboxApi();
        app.MapPipelineApi();
        app.MapJwks();
        app.MapStoreBackup();
        app.MapTeams().MeasureAck();
        app.MapSlack().MeasureAck();
        app.MapPlayground();
        return app;
    }
}
