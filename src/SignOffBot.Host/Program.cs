using SignOffBot.Host;
using SignOffBot.Host.Commands;
using SignOffBot.Host.Configuration;

// An operator command (signoffbot help lists them) runs and exits; anything else starts the host.
if (OperatorCommands.Find(args) is { } command)
{
    return command.Run(args, Console.Out, Console.Error);
}

var app = SignOffBotHost.Build(SignOffBotHost.CreateBuilder(args));

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
