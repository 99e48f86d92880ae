using SignOffBot.Host.Configuration;

namespace SignOffBot.Host.Attestation;

public static class AttestationServiceCollectionExtensions
{
    public static IServiceCollection AddAttestation(this IServiceCollection services)
    {
        services.AddValidatedOptions<AttestationOptions>(AttestationOptions.Section);
        services.AddSingleton<SigningKeys>();
        return services;
    }

    /// <summary>
    /// <c>GET /.well-known/jwks.json</c>, without a key: the public keys attestations and audit heads verify with
    /// (current, then previous; an empty set when nothing is signed). Caches may keep it five minutes, so a new
    /// signing key is seen by then.
    /// </summary>
    public static IEndpointRouteBuilder MapJwks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/jwks.json", (HttpContext http, SigningKeys keys) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=300";
            return TypedResults.Json(keys.Published, contentType: "application/jwk-set+json");
        });
        return app;
    }
}
