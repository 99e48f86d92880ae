using System.Reflection;
using SignOffBot.Core.Items;

namespace SignOffBot.Core.Tests.Architecture;

public sealed class CoreDependencyTests
{
    private static readonly string[] Forbidden =
    [
        "Microsoft.AspNetCore", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Configuration",
        "LiteDB", "Quartz", "System.Net.Http", "SignOffBot.Host", "signoffbot",
    ];

    [Fact]
    public void CoreAssembly_References_NoHttpChatStorageOrSchedulerAssembly()
    {
        var references = typeof(Item).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("System.Runtime", references);
        Assert.DoesNotContain(references, name => Forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal)));
    }

    [Fact]
    public void CoreTypes_Use_NoTypeFromAForbiddenNamespace()
    {
        var offenders = typeof(Item).Assembly.GetTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .SelectMany(MemberTypes)
                .Select(used => (Type: t, Used: used)))
            .Where(pair => pair.Used.Namespace is { } ns && Forbidden.Any(f => ns.StartsWith(f, StringComparison.Ordinal)))
            .Select(pair => $"{pair.Type.FullName} uses {pair.Used.FullName}")
            .ToList();

        Assert.Empty(offenders);
    }

    private static IEnumerable<Type> MemberTypes(MemberInfo member) => member switch
    {
        FieldInfo f => [f.FieldType],
        PropertyInfo p => [p.PropertyType],
        MethodInfo m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType),
        ConstructorInfo c => c.GetParameters().Select(p => p.ParameterType),
        _ => [],
    };
}
