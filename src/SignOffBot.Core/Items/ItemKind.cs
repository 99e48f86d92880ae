namespace SignOffBot.Core.Items;

public enum ItemKind
{
    Model,
    Bundle,
}
