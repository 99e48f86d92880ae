using System.Reflection;
using Microsoft.Extensions.Logging;

namespace SignOffBot.Host.Tests.Architecture;

/// <summary>Operators filter and alert on log event ids: each one names one kind of line.</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void EveryLogMessageOfTheHost_HasItsOwnEventId()
    {
        var messages = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.True(messages.Count > 50, $"only {messages.Count} log messages found: the scan is broken");
        var shared = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();
        Assert.True(shared.Count == 0, "event ids used twice:\n" + string.Join("\n", shared));
    }
}
