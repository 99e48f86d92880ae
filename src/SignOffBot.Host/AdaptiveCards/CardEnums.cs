namespace SignOffBot.Host.AdaptiveCards;

// The enum names are the Adaptive Card words, written as they are (JsonStringEnumConverter without a naming policy).
public enum TextSize
{
    Default,
    Small,
    Medium,
    Large,
    ExtraLarge,
}

public enum TextWeight
{
    Default,
    Lighter,
    Bolder,
}

public enum TextColor
{
    Default,
    Dark,
    Light,
    Accent,
    Good,
    Warning,
    Attention,
}

public enum Spacing
{
    Default,
    None,
    Small,
    Medium,
    Large,
    ExtraLarge,
    Padding,
}

public enum VerticalAlignment
{
    Top,
    Center,
    Bottom,
}

public enum AssociatedInputs
{
    Auto,
    None,
}
