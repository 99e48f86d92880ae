namespace SignOffBot.Host.Commands;

/// <summary>
/// One operator command: the first argument that selects it, how it is called (one line per form) and what it does,
/// for <c>signoffbot help</c>, and what runs it. <see cref="Run"/> gets the whole argument list, the command's name
/// first, and returns the process exit code (0 done, 1 refused or invalid, 2 usage).
/// </summary>
public sealed record OperatorCommand(
    string Name, IReadOnlyList<string> Usage, string Summary, Func<string[], TextWriter, TextWriter, int> Run);
