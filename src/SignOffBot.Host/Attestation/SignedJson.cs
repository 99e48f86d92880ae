using System.Text.Encodings.Web;
using System.Text.Json;

namespace SignOffBot.Host.Attestation;

/// <summary>How what the host signs is written as JSON: compact, and escaped only as JSON itself requires.</summary>
public static class SignedJson
{
    // Signed payloads and headers are read by people too (base64 -d): '+' or 'é' stay as they are, not \u002B.
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
