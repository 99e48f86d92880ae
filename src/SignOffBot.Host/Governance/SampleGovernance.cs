namespace SignOffBot.Host.Governance;

/// <summary>
/// The sample directory documented in <c>appsettings.sample.json</c>, embedded in the host. It is used whole
/// when no <c>Governance</c> section is configured anywhere, and never merged with one: .NET merges arrays
/// index by index, which would mix two directories.
/// </summary>
public static class SampleGovernance
{
    public const string ResourceName = "appsettings.sample.json";

    public static IConfigurationSection Section()
    {
        using var stream = typeof(SampleGovernance).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded {ResourceName} is missing from the build.");
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return new ConfigurationBuilder().AddJsonStream(copy).Build().GetSection(GovernanceOptions.Section);
    }
}
