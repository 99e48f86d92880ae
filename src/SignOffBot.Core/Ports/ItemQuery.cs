using SignOffBot.Core.Items;

namespace SignOffBot.Core.Ports;

/// <summary>
/// A page of items, in the ordinal order of their keys: those of <paramref name="Project"/>, in
/// <paramref name="State"/> and owned by <paramref name="Owner"/> (each left out when null; project and owner compare
/// ignoring case), after the cursor <paramref name="After"/> (the <see cref="ItemPage.Next"/> of the page before),
/// at most <paramref name="Limit"/> of them.
/// </summary>
public sealed record ItemQuery(string? Project, SignOffState? State, string? Owner, string? After, int Limit)
{
    public bool Matches(Item item) =>
        (Project is null || string.Equals(item.Key.Project, Project, StringComparison.OrdinalIgnoreCase))
        && (State is null || item.SignOff.State == State)
        && (Owner is null || string.Equals(item.Owner, Owner, StringComparison.OrdinalIgnoreCase));

    /// <summary>The key text the page starts after (<see cref="After"/> read), or null for the first page.</summary>
    /// <exception cref="ArgumentException">The cursor is not one a page gave, or the limit is below 1.</exception>
    public string? AfterKey()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1);
        if (After is null)
        {
            return null;
        }

        return ItemCursor.TryRead(After, out var key)
            ? key
            : throw new ArgumentException($"'{After}' is not a cursor of an item page.", nameof(After));
    }
}
