using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace SignOffBot.Host.Attestation;

/// <summary>
/// The host's signing key (from <see cref="AttestationOptions"/>, checked at start) and the key set it publishes: the
/// current key first, then the previous ones. The private key never leaves this class.
/// </summary>
public sealed class SigningKeys : IDisposable
{
    private readonly ECDsa? _key;

    public SigningKeys(IOptions<AttestationOptions> options)
    {
        var configured = options.Value;
        var published = new List<EcPublicJwk>();
        if (configured.IsOn)
        {
            _key = Es256Pem.ReadPrivate(configured.SigningKey, out _)
                ?? throw new InvalidOperationException($"{AttestationOptions.Section}:SigningKey is not a usable key (see check-config).");
            Current = EcPublicJwk.Of(_key.ExportParameters(includePrivateParameters: false));
            published.Add(Current);
        }

        published.AddRange(configured.PreviousKeys.Select(k => k.Read(out _)).OfType<EcPublicJwk>());
        Published = new JsonWebKeySet(published);
    }

    public bool IsOn => _key is not null;

    /// <summary>The public key of the signing key; null when none is configured.</summary>
    public EcPublicJwk? Current { get; }

    public JsonWebKeySet Published { get; }

    /// <summary>ECDSA P-256 over SHA-256 of <paramref name="data"/>, in the encoding asked (DER for DSSE, r‖s for JWS).</summary>
    public byte[] Sign(byte[] data, DSASignatureFormat format) =>
        (_key ?? throw new InvalidOperationException("No signing key is configured.")).SignData(data, HashAlgorithmName.SHA256, format);

    public void Dispose() => _key?.Dispose();
}
