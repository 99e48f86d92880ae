namespace SignOffBot.Host.Commands;

/// <summary><c>signoffbot help</c>: how to run the host, and every operator command.</summary>
public static class HelpCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        output.WriteLine("signoffbot: the SignOffBot host and its operator commands.");
        output.WriteLine();
        output.WriteLine("Run the host (any arguments that are not a command below are host settings):");
        output.WriteLine("  signoffbot [--config <file>] [--urls http://0.0.0.0:8080] [--Section:Key=value …]");
        output.WriteLine();
        output.WriteLine("Commands:");
        foreach (var command in OperatorCommands.All)
        {
            foreach (var usage in command.Usage)
            {
                output.WriteLine($"  {usage}");
            }

            output.WriteLine($"      {command.Summary}");
        }

        return 0;
    }
}
