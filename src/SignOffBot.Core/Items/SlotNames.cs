namespace SignOffBot.Core.Items;

public static class SlotNames
{
    public const string Final = "final";

    /// <summary>Matches "IT &amp; Operations", "it-operations" and "IT_operations" alike.</summary>
    public static string Normalize(string slot) =>
        new(slot.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    public static bool IsFinal(string slot) => Normalize(slot) == Final;
}
