using System.Text.Encodings.Web;
using System.Text.Json;

namespace SignOffBot.Host.Tests.AdaptiveCards;

/// <summary>JSON text as the client sees it (no escaping of '&amp;' or non-ASCII), for readable assertions.</summary>
public static class CardJsonTestOptions
{
    public static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
