using System.Text.Json;
using System.Text.Json.Serialization;

namespace SignOffBot.Host.Teams.Payloads;

/// <summary>The Bot Framework's JSON: camelCase (PascalCase makes Teams answer 400), nulls left out.</summary>
public static class TeamsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
