namespace SignOffBot.Host.Chat;

/// <summary>A file to send beside a command's answer: its name, its bytes and the line that introduces it.</summary>
public sealed record ChatFile(string Name, byte[] Content, string Caption);
