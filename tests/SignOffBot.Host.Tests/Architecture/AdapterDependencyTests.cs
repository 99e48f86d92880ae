using System.Reflection;

namespace SignOffBot.Host.Tests.Architecture;

/// <summary>
/// The chat adapters are alike and apart: Teams, Slack and the playground each use the core and the shared host parts
/// (AdaptiveCards, Chat, Outbox, Storage...), never one another.
/// </summary>
public sealed class AdapterDependencyTests
{
    private static readonly string[] Adapters = ["SignOffBot.Host.Teams", "SignOffBot.Host.Slack", "SignOffBot.Host.Playground"];

    [Fact]
    public void NoAdapter_UsesATypeOfAnotherAdapter()
    {
        var offenders = typeof(Program).Assembly.GetTypes()
            .Select(t => (Type: t, Adapter: AdapterOf(t.Namespace)))
            .Where(t => t.Adapter is not null)
            .SelectMany(t => UsedTypes(t.Type).Select(used => (t.Type, t.Adapter, Used: used)))
            .Where(u => AdapterOf(u.Used.Namespace) is { } other && other != u.Adapter)
            .Select(u => $"{u.Type.FullName} uses {u.Used.FullName}")
            .Distinct()
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void EachAdapter_HasTheSameParts()
    {
        var names = typeof(Program).Assembly.GetTypes().Select(t => t.FullName ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        foreach (var (ns, prefix) in new[] { ("SignOffBot.Host.Teams", "Teams"), ("SignOffBot.Host.Slack", "Slack"), ("SignOffBot.Host.Playground", "Playground") })
        {
            // Endpoints, people (identity mapping), the renderer of the core's views, and the notice sender.
            foreach (var part in new[] { "Endpoints", "People", "Cards", "NoticeSender" })
            {
                Assert.Contains($"{ns}.{prefix}{part}", names);
            }

            // Typed inbound payloads in a Payloads namespace.
            Assert.Contains(names, n => n.StartsWith($"{ns}.Payloads.", StringComparison.Ordinal));
        }
    }

    private static string? AdapterOf(string? ns) =>
        ns is null ? null : Adapters.FirstOrDefault(a => ns == a || ns.StartsWith(a + ".", StringComparison.Ordinal));

    private static IEnumerable<Type> UsedTypes(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .SelectMany(member => member switch
            {
                FieldInfo f => [f.FieldType],
                PropertyInfo p => [p.PropertyType],
                MethodInfo m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType),
                ConstructorInfo c => c.GetParameters().Select(p => p.ParameterType),
                _ => Array.Empty<Type>(),
            })
            .SelectMany(Flatten)
            .Append(type.BaseType!)
            .Where(t => t is not null);

    private static IEnumerable<Type> Flatten(Type type) =>
        type.IsGenericType ? type.GetGenericArguments().SelectMany(Flatten).Append(type) : type.HasElementType ? Flatten(type.GetElementType()!) : [type];
}
