using Microsoft.Extensions.Options;

namespace SignOffBot.Host.Configuration;

/// <summary>Thrown at start when the configuration is invalid; the message names every offending key.</summary>
public sealed class InvalidConfigurationException(IReadOnlyList<string> errors)
    : Exception("SignOffBot cannot start: the configuration is invalid.\n  " + string.Join("\n  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;

    /// <summary>
    /// Every configuration problem inside <paramref name="failure"/> (the options checked at start, as one or an
    /// aggregate of <see cref="OptionsValidationException"/>, or one of these), as one exception; null when the failure
    /// is about something else.
    /// </summary>
    public static InvalidConfigurationException? From(Exception? failure)
    {
        var errors = new List<string>();
        Collect(failure, errors);
        return errors.Count == 0 ? null : new InvalidConfigurationException(errors);
    }

    private static void Collect(Exception? failure, List<string> errors)
    {
        switch (failure)
        {
            case null:
                return;
            case InvalidConfigurationException invalid:
                errors.AddRange(invalid.Errors);
                return;
            case OptionsValidationException options:
                errors.AddRange(options.Failures);
                return;
            case AggregateException aggregate:
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Collect(inner, errors);
                }

                return;
            default:
                Collect(failure.InnerException, errors);
                return;
        }
    }
}
