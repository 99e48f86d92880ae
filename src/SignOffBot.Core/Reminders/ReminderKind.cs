using System.Text.Json;
using System.Text.Json.Serialization;

namespace SignOffBot.Core.Reminders;

/// <summary>
/// What a reminder target chases: a feedback slot, the final approval, a bypass's post-incident review, or a bypass's
/// expiry, or an approval's expiry. Stored and serialised as its name (<c>feedback</c>, <c>final</c>, <c>incident-review</c>,
/// <c>bypass-expiry</c>, <c>approval-expiry</c>).
/// </summary>
[JsonConverter(typeof(ReminderKindJsonConverter))]
public readonly record struct ReminderKind
{
    public static readonly ReminderKind Feedback = new("feedback");
    public static readonly ReminderKind Final = new("final");
    public static readonly ReminderKind IncidentReview = new("incident-review");
    public static readonly ReminderKind BypassExpiry = new("bypass-expiry");

    /// <summary>An approval that expires (policy ApprovalValidFor): a notice to the owners before, then the expiry itself.</summary>
    public static readonly ReminderKind ApprovalExpiry = new("approval-expiry");

    private ReminderKind(string name) => Name = name;

    public string Name { get; }

    /// <summary>The kind named <paramref name="name"/>; a name the bot never wrote is a format error.</summary>
    public static ReminderKind Parse(string name) => name switch
    {
        "feedback" => Feedback,
        "final" => Final,
        "incident-review" => IncidentReview,
        "bypass-expiry" => BypassExpiry,
        "approval-expiry" => ApprovalExpiry,
        _ => throw new FormatException($"'{name}' is no reminder kind."),
    };

    /// <summary>A chase of a bypass (its review or its expiry), whose slot is the bypass id.</summary>
    public bool IsAboutBypass => this == IncidentReview || this == BypassExpiry;

    public override string ToString() => Name;
}

internal sealed class ReminderKindJsonConverter : JsonConverter<ReminderKind>
{
    public override ReminderKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReminderKind.Parse(reader.GetString() ?? throw new JsonException("A reminder kind is a string."));

    public override void Write(Utf8JsonWriter writer, ReminderKind value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}
