using System.Text.Json;
using System.Text.Json.Serialization;

namespace SignOffBot.Core.Governance;

/// <summary>
/// A person's directory id (<c>Governance:People</c>: their e-mail address), never a platform's user id (a Slack
/// <c>U…</c> id, a Teams user id or Entra object id). Stored and serialised as the plain text.
/// </summary>
[JsonConverter(typeof(PersonIdJsonConverter))]
public readonly record struct PersonId(string Value)
{
    public override string ToString() => Value;
}

internal sealed class PersonIdJsonConverter : JsonConverter<PersonId>
{
    public override PersonId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("A person id is a string."));

    public override void Write(Utf8JsonWriter writer, PersonId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
