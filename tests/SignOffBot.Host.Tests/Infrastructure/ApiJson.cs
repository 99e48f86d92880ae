using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignOffBot.Host.Tests.Infrastructure;

public static class ApiJson
{
    public static StringContent Body(object value) =>
        new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    public static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    /// <summary>Registers an item of the sample governance through the API and asserts it was created.</summary>
    public static async Task<JsonNode> RegisterAsync(HttpClient client, string project, string name, string version, string owner, string risk = "low", object? evidence = null)
    {
        var response = await client.PostAsync("/api/v1/items", Body(new { project, name, version, kind = "model", risk, owner, evidence }));
        var body = await ReadAsync(response);
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"register returned {(int)response.StatusCode}: {body}");
        }

        return body;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string url, object value) => client.PostAsJsonAsync(url, value);
}
