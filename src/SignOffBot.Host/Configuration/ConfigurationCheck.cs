using System.Reflection;
using Microsoft.Extensions.Options;

namespace SignOffBot.Host.Configuration;

/// <summary>
/// Everything the host checks in its configuration before it serves, run without starting it: each options class the
/// host validates (its own validators, the ones <c>ValidateOnStart</c> runs at start), then the start-up validation
/// itself for anything else registered there. Nothing is opened and nothing is contacted: the store and the platform
/// clients are never resolved.
/// </summary>
public static class ConfigurationCheck
{
    private static readonly MethodInfo ReadOptionsMethod =
        typeof(ConfigurationCheck).GetMethod(nameof(ReadOptions), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Every problem, each naming its key, in registration order; empty when the host would start.</summary>
    public static IReadOnlyList<string> Problems(IServiceCollection registrations, IServiceProvider services)
    {
        var problems = new List<string>();

        // One options class at a time, so a value that cannot be converted in one section does not hide the others'.
        var ownOptions = registrations
            .Select(registration => registration.ServiceType)
            .Where(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
            .Select(type => type.GetGenericArguments()[0])
            .Where(type => type.Assembly == typeof(ConfigurationCheck).Assembly)
            .Distinct();
        foreach (var options in ownOptions)
        {
            Collect(problems, () => ReadOptionsMethod.MakeGenericMethod(options).Invoke(null, [services]));
        }

        Collect(problems, () => services.GetService<IStartupValidator>()?.Validate());
        return problems;
    }

    private static void ReadOptions<T>(IServiceProvider services)
        where T : class => _ = services.GetRequiredService<IOptionsMonitor<T>>().Get(Options.DefaultName);

    private static void Collect(List<string> problems, Action check)
    {
        try
        {
            check();
        }
        catch (Exception e)
        {
            var failure = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            var found = InvalidConfigurationException.From(failure)?.Errors ?? [Describe(failure)];
            problems.AddRange(found.Where(problem => !problems.Contains(problem)));
        }
    }

    // The binder's own words name the key ("Failed to convert configuration value at 'Outbox:SlackPace' to type …").
    private static string Describe(Exception failure) =>
        failure.InnerException is { } cause ? $"{failure.Message} {cause.Message}" : failure.Message;
}
