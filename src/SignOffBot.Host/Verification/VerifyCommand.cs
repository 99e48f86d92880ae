using SignOffBot.Core.Items;
using SignOffBot.Host.Attestation;
using SignOffBot.Host.Commands;

namespace SignOffBot.Host.Verification;

/// <summary>
/// <c>signoffbot verify attestation|audit …</c>: checks what a pipeline or an auditor kept, offline: no host, no
/// configuration, only the files named. The exit codes are <see cref="VerifyExit"/>.
/// </summary>
public static class VerifyCommand
{
    public const string AttestationSynopsis =
        "signoffbot verify attestation <file> --jwks <file> [--item <project>/<name>@<version>] [--digest sha256:<hex>]";

    public const string AuditSynopsis = "signoffbot verify audit <export.jsonl> [--head <head file> --jwks <file>]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var verdict = args switch
        {
            [_, "attestation", var file, .. var rest] when !file.StartsWith("--", StringComparison.Ordinal) => Attestation(file, rest),
            [_, "audit", var file, .. var rest] when !file.StartsWith("--", StringComparison.Ordinal) => Audit(file, rest),
            _ => Usage("Name what to verify and its file."),
        };

        if (verdict.ExitCode == VerifyExit.Ok)
        {
            output.WriteLine(verdict.Message);
        }
        else
        {
            error.WriteLine(verdict.Message);
            if (verdict.ExitCode == VerifyExit.Usage)
            {
                error.WriteLine($"Usage: {AttestationSynopsis}");
                error.WriteLine($"       {AuditSynopsis}");
                error.WriteLine(VerifyExit.Summary);
            }
        }

        return verdict.ExitCode;
    }

    private static Verdict Attestation(string file, string[] words)
    {
        var options = CommandOptions.Parse(words, valued: ["--jwks", "--item", "--digest"], flags: []);
        if (options.Problems.Count > 0)
        {
            return Usage(string.Join(" ", options.Problems));
        }

        if (options["--jwks"] is not { } jwksFile)
        {
            return Usage("--jwks is required: the key set to verify with (the host's /.well-known/jwks.json, saved).");
        }

        if (options["--item"] is { } item && !ItemKey.TryParse(item, out _))
        {
            return Usage($"--item '{item}' is not an item key ({ItemKey.Form}).");
        }

        string? digest = null;
        if (options["--digest"] is { } given && (digest = DeployCheckAttestation.ParseDigest(given)) is null)
        {
            return Usage($"--digest '{given}' is not {DeployCheckAttestation.DigestForm}.");
        }

        var unreadable = Read(file, "attestation", out var attestation);
        IReadOnlyList<EcPublicJwk>? keys = null;
        unreadable ??= KeySet(jwksFile, out keys);
        return unreadable ?? AttestationVerifier.Verify(attestation!, keys!, options["--item"], digest);
    }

    private static Verdict Audit(string file, string[] words)
    {
        var options = CommandOptions.Parse(words, valued: ["--head", "--jwks"], flags: []);
        if (options.Problems.Count > 0)
        {
            return Usage(string.Join(" ", options.Problems));
        }

        if ((options["--head"] is null) != (options["--jwks"] is null))
        {
            return Usage("--head and --jwks go together: a kept head is trusted only once its signature verifies with the key set.");
        }

        if (!File.Exists(file))
        {
            return Usage($"The export file {file} does not exist.");
        }

        AuditHeadClaims? head = null;
        if (options["--head"] is { } headFile)
        {
            var unreadable = Read(headFile, "head", out var headText);
            IReadOnlyList<EcPublicJwk>? keys = null;
            unreadable ??= KeySet(options["--jwks"]!, out keys);
            if (unreadable is not null)
            {
                return unreadable;
            }

            head = AuditExportVerifier.ReadHead(headText!, keys!, out var refused);
            if (head is null)
            {
                return refused!;
            }
        }

        try
        {
            return AuditExportVerifier.Verify(File.ReadLines(file), head);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Usage($"The export file {file} cannot be read: {e.Message}");
        }
    }

    private static Verdict? KeySet(string file, out IReadOnlyList<EcPublicJwk>? keys)
    {
        keys = null;
        if (Read(file, "key set", out var json) is { } unreadable)
        {
            return unreadable;
        }

        keys = KeySetFile.Read(json!, out var problem);
        return keys is null ? Usage($"The key set {file} {problem}.") : null;
    }

    private static Verdict? Read(string file, string what, out string? text)
    {
        text = null;
        try
        {
            text = File.ReadAllText(file);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Usage($"The {what} file {file} cannot be read: {e.Message}");
        }
    }

    private static Verdict Usage(string problem) => new(VerifyExit.Usage, problem);
}
