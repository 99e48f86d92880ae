using System.Net.Http.Headers;
using SignOffBot.Host.Http;
using SignOffBot.Host.Outbox;

namespace SignOffBot.Host.Teams.Connector;

/// <summary>
/// Writes a file's bytes to the upload URL Teams gave when the person accepted it (an upload session of their OneDrive):
/// one PUT of the whole file with its <c>Content-Range</c>, without the bot's token (the URL is the capability, and such
/// URLs refuse an Authorization header); only https, or http on loopback. Transient failures are retried by the
/// <see cref="OutboundResilience"/> policy, then left to the outbox; a 4xx is permanent (an expired or used session).
/// </summary>
public sealed class FileUploadClient(HttpClient http, TimeProvider time)
{
    public async Task PutAsync(string uploadUrl, byte[] content, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(uploadUrl, UriKind.Absolute, out var uri) || !TeamsOptions.IsAllowedUrl(uploadUrl))
        {
            throw new DeliveryFailedException("The Teams upload URL is not an https URL (plain http only on loopback); nothing was sent.", permanent: true);
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentRange = new ContentRangeHeaderValue(0, Math.Max(content.Length - 1, 0), content.Length);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (OutboundResilience.IsTransient(e))
        {
            throw new DeliveryFailedException($"The upload of a file to {uri.Host} failed ({OutboundResilience.Describe(e)}: {e.Message}).", permanent: false, null, e);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var code = (int)response.StatusCode;
            var transient = OutboundResilience.IsTransient(response.StatusCode);
            throw new DeliveryFailedException(
                $"The upload of a file to {uri.Host} answered {code} {response.StatusCode} ({(transient ? "to be retried later" : "not retried")}).",
                permanent: !transient,
                transient ? OutboundResilience.RetryAfter(response, time) : null)
            { StatusCode = code };
        }
    }
}
