namespace SignOffBot.Host.Verification;

/// <summary>The exit codes of <c>signoffbot verify</c>, one meaning each, so a pipeline can branch on them.</summary>
public static class VerifyExit
{
    /// <summary>Verified: a valid attestation whose decision is <c>allowed</c>; an export whose chain holds (and extends the head).</summary>
    public const int Ok = 0;

    /// <summary>Not valid: a signature that does not verify, a key not in the key set, a malformed file, a broken chain.</summary>
    public const int Invalid = 1;

    /// <summary>Bad arguments, a file that cannot be read, a key set that is not one.</summary>
    public const int Usage = 2;

    /// <summary>Valid, but not about what was named: another item or digest; an export that does not extend the kept head.</summary>
    public const int Mismatch = 3;

    /// <summary>A valid attestation of the named subject whose decision is not <c>allowed</c> (warning or blocked).</summary>
    public const int NotAllowed = 4;

    public const string Summary =
        "Exit codes: 0 verified (for an attestation: valid and allowed), 1 invalid (signature, key not in the set, format, broken chain), "
        + "2 usage or unreadable file, 3 another item or digest / an export that does not extend the head, 4 valid but not allowed.";
}
