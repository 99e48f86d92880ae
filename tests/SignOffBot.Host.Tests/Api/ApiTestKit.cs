using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Api;

/// <summary>Helpers shared by the HTTP API tests of SPEC section 5.</summary>
internal static class ApiTestKit
{
    public const string ProblemJson = "application/problem+json";

    public const string Churn7 = "fraud-detection/churn-xgb@7";

    public const string Churn7Url = "/api/v1/items/fraud-detection/churn-xgb@7";

    /// <summary>The example body of SPEC section 5.</summary>
    public static object SpecExampleItem(string version = "7") => new
    {
        project = "fraud-detection",
        name = "churn-xgb",
        version,
        kind = "model",
        risk = "high",
        owner = "ana@example.com",
        evidence = new
        {
            modelCard = "https://wiki.example.com/models/churn-xgb/7/card",
            validationReport = "https://wiki.example.com/models/churn-xgb/7/validation",
            rollbackPlan = "https://wiki.example.com/models/churn-xgb/7/rollback",
            ticket = "CHG-1042",
        },
    };

    /// <summary>Configures one more key as <c>Api:Keys:{index}</c> (the test application has 0 to 2), with its limits.</summary>
    public static void AddKey(
        HostFixture app, int index, string name, string key, string[] scopes, string[]? projects = null, string[]? actAs = null)
    {
        app.Settings[$"Api:Keys:{index}:Name"] = name;
        app.Settings[$"Api:Keys:{index}:Sha256"] = HostFixture.Sha256Hex(key);
        foreach (var (field, values) in new[] { ("Scopes", scopes), ("Projects", projects ?? []), ("ActAs", actAs ?? []) })
        {
            for (var i = 0; i < values.Length; i++)
            {
                app.Settings[$"Api:Keys:{index}:{field}:{i}"] = values[i];
            }
        }
    }

    /// <summary>Asserts an RFC 9457 problem with the status, and returns it.</summary>
    public static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text) ?? throw new InvalidOperationException("empty problem");
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]), "a problem has a title");
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), "a problem's detail tells a person what to change");
        return problem;
    }

    public static string Detail(JsonNode problem) => (string?)problem["detail"] ?? string.Empty;

    public static async Task<JsonNode> AssertOkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty body");
    }

    /// <summary>The number of audit events, from <c>/api/v1/audit/verify</c> (which must say ok).</summary>
    public static async Task<int> AuditEventCountAsync(HostFixture app)
    {
        var body = await AssertOkAsync(await app.CreateClient(HostFixture.AllScopesKey).GetAsync("/api/v1/audit/verify"));
        Assert.True((bool?)body["ok"], $"the audit chain holds: {body}");
        return (int)body["events"]!;
    }

    public static async Task<JsonArray> AuditOfAsync(HttpClient client, string item)
    {
        var body = await AssertOkAsync(await client.GetAsync($"/api/v1/audit?item={Uri.EscapeDataString(item)}"));
        return body.AsArray();
    }

    public static Task<HttpResponseMessage> DeployCheckAsync(HttpClient client, string item, string infrastructure) =>
        client.GetAsync($"/api/v1/deploy-check?item={Uri.EscapeDataString(item)}&infrastructure={Uri.EscapeDataString(infrastructure)}");

    public static Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string item, string infrastructure, string? by, string? reason) =>
        client.PostAsync("/api/v1/deploy-check/confirm", ApiJson.Body(new { item, infrastructure, by, reason }));

    /// <summary>Registers the SPEC example item (fraud-detection/churn-xgb@7, owner ana@) and returns a client with every scope.</summary>
    public static async Task<HttpClient> WithChurn7Async(HostFixture app, string owner = "ana@example.com", string risk = "high")
    {
        var client = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", owner, risk);
        return client;
    }

    public static IReadOnlyList<string> NonEmptyLines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();

    /// <summary>Parses RFC 4180 CSV: quoted cells may hold commas, doubled quotes and line breaks; rows end with CRLF or LF.</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    row.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n':
                    row.Add(cell.ToString());
                    cell.Clear();
                    rows.Add(row);
                    row = [];
                    break;
                default:
                    cell.Append(c);
                    break;
            }

            i++;
        }

        Assert.False(quoted, "the CSV ends inside a quoted cell");
        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
