using System.Text.Json.Serialization;

namespace SignOffBot.Host.Attestation;

/// <summary>An in-toto Statement v1 (github.com/in-toto/attestation, spec/v1/statement.md): what it is about, and the predicate.</summary>
public sealed record InTotoStatement(
    [property: JsonPropertyName("_type")] string Type,
    [property: JsonPropertyName("subject")] IReadOnlyList<InTotoSubject> Subject,
    [property: JsonPropertyName("predicateType")] string PredicateType,
    [property: JsonPropertyName("predicate")] DeployCheckPredicate Predicate)
{
    public const string StatementType = "https://in-toto.io/Statement/v1";
}

/// <summary>A resource the statement is about: a name and at least one digest (algorithm → lower-case hex).</summary>
public sealed record InTotoSubject(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("digest")] IReadOnlyDictionary<string, string> Digest);
