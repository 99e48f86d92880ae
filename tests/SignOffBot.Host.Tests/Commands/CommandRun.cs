using SignOffBot.Host.Commands;

namespace SignOffBot.Host.Tests.Commands;

/// <summary>An operator command run in-process through the dispatcher, as <c>signoffbot &lt;args&gt;</c> runs it.</summary>
internal sealed record CommandRun(int ExitCode, string Output, string Error)
{
    public static CommandRun Of(params string[] args) => Of((command, output, error) => command.Run(args, output, error), args);

    public static CommandRun Of(Func<OperatorCommand, TextWriter, TextWriter, int> run, string[] args)
    {
        var command = OperatorCommands.Find(args);
        Assert.True(command is not null, $"'{string.Join(' ', args)}' is not an operator command");
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = run(command, output, error);
        return new CommandRun(exit, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
