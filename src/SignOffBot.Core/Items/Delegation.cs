namespace SignOffBot.Core.Items;

/// <summary>A slot handed from one holder to another; <see cref="Slot"/> is a category name or <c>final</c>.</summary>
public sealed record Delegation(string Slot, string? From, string To, string By, DateTimeOffset At);
