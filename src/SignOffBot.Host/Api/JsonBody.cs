using System.Text.Json;

namespace SignOffBot.Host.Api;

/// <summary>Reads a JSON request body ourselves, so malformed JSON becomes a 400 problem that says where it broke.</summary>
public static class JsonBody
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
            return value is null
                ? (null, Problems.BadRequest("The body must be a JSON object, not null or empty."))
                : (value, null);
        }
        catch (JsonException e)
        {
            // A value of the wrong type (or text that is not valid Unicode) in well-formed JSON: name the field.
            if (e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) && FieldOf<T>(e.Path) is { } field)
            {
                return (null, Problems.BadRequest($"The body's field '{field.Name}' must be {field.Expected}."));
            }

            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : string.Empty;
            return (null, Problems.BadRequest($"The body is not valid JSON for this endpoint{where}: {FirstSentence(e.Message)}"));
        }
    }

    /// <summary>
    /// The field a value of the wrong type was met at (its JSON path, e.g. <c>$.evidence.modelCard</c>), with what it must
    /// be; null when the path names no field of <typeparamref name="T"/> (then the JSON itself is broken).
    /// </summary>
    private static (string Name, string Expected)? FieldOf<T>(string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return null;
        }

        var name = path[2..];
        var type = typeof(T);
        foreach (var segment in name.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var property = type.GetProperty(bracket < 0 ? segment : segment[..bracket], System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
            if (bracket >= 0 && Element(type) is { } element)
            {
                type = element;
            }
        }

        return (name, Expected(type));
    }

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "a string of valid text";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type.IsPrimitive || type == typeof(decimal))
        {
            return "a number";
        }

        return Element(type) is { } element ? $"an array of {Expected(element).Replace("a string", "strings", StringComparison.Ordinal)}" : "an object";
    }

    private static Type? Element(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericArguments() is [var only] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? only
        : null;

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
