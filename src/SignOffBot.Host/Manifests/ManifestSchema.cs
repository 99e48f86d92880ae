using NJsonSchema;
using NJsonSchema.Validation;

namespace SignOffBot.Host.Manifests;

/// <summary>A publisher's manifest schema embedded at build, and the problems it finds in a manifest, each with its path.</summary>
public sealed class ManifestSchema
{
    private readonly JsonSchema _schema;

    private ManifestSchema(string name, JsonSchema schema)
    {
        Name = name;
        _schema = schema;
    }

    public string Name { get; }

    /// <summary>The embedded schema, or null when the binary was built without it.</summary>
    public static ManifestSchema? Embedded(string resource, string name) =>
        EmbeddedFiles.Read(resource) is { } bytes
            ? new ManifestSchema(name, Task.Run(() => JsonSchema.FromJsonAsync(System.Text.Encoding.UTF8.GetString(bytes))).GetAwaiter().GetResult())
            : null;

    public IReadOnlyList<string> Problems(string json) =>
        Flatten(_schema.Validate(json)).Select(e => $"{e.Path ?? "#"}: {e.Kind}").Distinct().ToList();

    // Inside oneOf/anyOf the validator nests the branches' errors: name them, not only the branch that failed.
    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors) =>
        errors.SelectMany(e => e is ChildSchemaValidationError child ? child.Errors.Values.SelectMany(Flatten).Prepend(e) : [e]);
}
