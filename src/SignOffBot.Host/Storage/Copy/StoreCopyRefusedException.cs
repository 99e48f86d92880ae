namespace SignOffBot.Host.Storage.Copy;

/// <summary>The copy was refused or failed a check; nothing was written. The message says why, naming no secret.</summary>
public sealed class StoreCopyRefusedException(string message) : Exception(message);
