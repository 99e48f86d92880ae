using SignOffBot.Host.Api;
using SignOffBot.Host.Backup;
using SignOffBot.Host.Configuration;
using SignOffBot.Host.Governance;
using SignOffBot.Host.Health;
using SignOffBot.Host.Http;
using SignOffBot.Host.Keys;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Playground;
using SignOffBot.Host.Reminders;
using SignOffBot.Host.Slack;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Teams;
using SignOffBot.Host.Telemetry;
using SignOffBot.Host.Workflow;

if (KeysCommand.IsKeysCommand(args))
{
    return KeysCommand.Run(args, Console.Out, Console.Error);
}

if (BackupCommand.IsBackupCommand(args))
{
    return BackupCommand.Run(args, Console.Out, Console.Error);
}

if (RestoreCommand.IsRestoreCommand(args))
{
    return RestoreCommand.Run(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLoggingDefaults();
builder.Configuration.AddSignOffBotConfigFile(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestSizeLimit.MaxBodyBytes);

builder.Services.AddHostedService<StartupCheck>();
builder.Services.AddSingleton<BackgroundFailures>();
builder.Services.AddProblemDetails();
builder.Services.AddGovernance();
builder.Services.AddLiteDbStorage();
builder.Services.AddSignOffWorkflow();
builder.Services.AddPipelineApi();
builder.Services.AddOutbox();
builder.Services.AddReminders(builder.Configuration);
builder.Services.AddTeams();
builder.Services.AddSlack();
builder.Services.AddPlayground();
builder.Services.AddRateLimits();
builder.Services.AddTelemetry(builder.Configuration);
builder.Services.AddReadiness();

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
app.MapStoreBackup();
app.MapTeams().MeasureAck();
app.MapSlack().MeasureAck();
app.MapPlayground();

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (InvalidConfigurationException.From(e) is { } invalid)
{
    Console.Error.WriteLine(invalid.Message);
    return 1;
}

public partial class Program;
