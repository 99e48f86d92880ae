namespace SignOffBot.Host.AdaptiveCards;

/// <summary>
/// Input.Text. Its value reaches the bot in the action's data under <see cref="CardElement.Id"/>. Every input
/// gets a <see cref="Label"/> (accessibility: the validator requires one for required inputs, Teams reads it aloud).
/// </summary>
public sealed record InputText : CardElement
{
    public InputText(string id, string label)
    {
        Id = id;
        Label = label;
    }

    public string Label { get; init; }

    public string? Placeholder { get; init; }

    public bool? IsMultiline { get; init; }

    public bool? IsRequired { get; init; }

    public string? ErrorMessage { get; init; }

    public int? MaxLength { get; init; }
}
