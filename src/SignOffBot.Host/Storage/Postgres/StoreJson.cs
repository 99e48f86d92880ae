using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>
/// The documents the PostgreSQL store keeps as JSON (the embedded store's document classes and the adapters' records):
/// property names as declared, read-only properties left out (they are computed), times in UTC to the millisecond as
/// the embedded store keeps them, object ids as their 24 hex digits.
/// </summary>
internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        IgnoreReadOnlyProperties = true,
        Converters = { new UtcDateTimeConverter(), new ObjectIdConverter() },
    };

    public static string Write<T>(T document) => JsonSerializer.Serialize(document, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"The store holds a null {typeof(T).Name}.");

    private sealed class UtcDateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTime.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Sql.Stored(value).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    private sealed class ObjectIdConverter : JsonConverter<LiteDB.ObjectId>
    {
        public override LiteDB.ObjectId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, LiteDB.ObjectId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
