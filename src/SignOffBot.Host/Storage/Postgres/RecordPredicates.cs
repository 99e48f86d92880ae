using System.Linq.Expressions;
using System.Reflection;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>
/// Turns the predicates the adapters look their records up by into SQL over the record's JSON document: a property
/// compared with a value (<c>==</c>, <c>!=</c>, null included), <c>StartsWith</c> a value, and <c>&amp;&amp;</c>,
/// <c>||</c>, <c>!</c> of those. Texts compare ignoring case, as the embedded store's collation does. Any other shape is
/// refused (<see cref="NotSupportedException"/>) rather than read whole: every shape in use is in the store contract.
/// </summary>
internal static class RecordPredicates
{
    /// <summary>The SQL condition <paramref name="predicate"/> is, over <c>doc</c>, with its parameters (named p0, p1, …).</summary>
    public static (string Sql, List<(string Name, object? Value)> Parameters) ToSql<T>(Expression<Func<T, bool>> predicate)
    {
        var parameters = new List<(string, object?)>();
        return (new Translator(predicate.Parameters[0], parameters).Condition(predicate.Body), parameters);
    }

    /// <summary>The JSON path of a property: <c>doc->>'Name'</c>, folded to lower case.</summary>
    public static string Field(string property) => $"lower(doc->>'{property.Replace("'", "''", StringComparison.Ordinal)}')";

    /// <summary>The property an index expression such as <c>d => d.Item</c> names.</summary>
    public static string PropertyOf<T>(Expression<Func<T, object?>> index) => (index.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : index.Body) switch
    {
        MemberExpression { Member: PropertyInfo property } => property.Name,
        var other => throw new NotSupportedException($"A record index must name a property, not '{other}'."),
    };

    private sealed class Translator(ParameterExpression record, List<(string, object?)> parameters)
    {
        public string Condition(Expression e) => e switch
        {
            BinaryExpression { NodeType: ExpressionType.AndAlso } b => $"({Condition(b.Left)} AND {Condition(b.Right)})",
            BinaryExpression { NodeType: ExpressionType.OrElse } b => $"({Condition(b.Left)} OR {Condition(b.Right)})",
            UnaryExpression { NodeType: ExpressionType.Not } u => $"(NOT {Condition(u.Operand)})",
            BinaryExpression { NodeType: ExpressionType.Equal or ExpressionType.NotEqual } b => Comparison(b),
            MethodCallExpression { Method.Name: nameof(string.StartsWith), Object: { } target, Arguments: [var prefix] } call
                when call.Method.DeclaringType == typeof(string) && Property(target) is { } property
                => $"{Field(property)} LIKE {Parameter(Escaped(Sql.Folded((string)Value(prefix)!)) + "%")} ESCAPE '\\'",
            _ => throw Unsupported(e),
        };

        private string Comparison(BinaryExpression b)
        {
            var (property, other) = Property(b.Left) is { } left ? (left, b.Right) : Property(b.Right) is { } right ? (right, b.Left) : throw Unsupported(b);
            var value = Value(other);
            var equal = b.NodeType == ExpressionType.Equal;
            return value switch
            {
                null => $"(doc->>'{property}') IS {(equal ? "" : "NOT ")}NULL",
                string text => equal
                    ? $"{Field(property)} = {Parameter(Sql.Folded(text))}"
                    : $"{Field(property)} IS DISTINCT FROM {Parameter(Sql.Folded(text))}",
                _ => throw Unsupported(b),
            };
        }

        /// <summary>The property of the record <paramref name="e"/> reads, or null when it reads no property of it.</summary>
        private string? Property(Expression e) => e is MemberExpression { Member: PropertyInfo property, Expression: var owner } && owner == record
            ? property.Name
            : null;

        /// <summary>The value of an expression that does not read the record (a constant or a captured variable).</summary>
        private object? Value(Expression e)
        {
            if (new ReadsRecord(record).Visits(e))
            {
                throw Unsupported(e);
            }

            return Expression.Lambda(e).Compile().DynamicInvoke();
        }

        private string Parameter(object? value)
        {
            var name = $"p{parameters.Count}";
            parameters.Add((name, value));
            return "@" + name;
        }

        private static string Escaped(string text) =>
            text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

        private static NotSupportedException Unsupported(Expression e) =>
            new($"The PostgreSQL store cannot look records up by '{e}'; use ==, != (null too), StartsWith, &&, || or ! on the record's properties.");
    }

    private sealed class ReadsRecord(ParameterExpression record) : ExpressionVisitor
    {
        private bool _found;

        public bool Visits(Expression e)
        {
            Visit(e);
            return _found;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            _found |= node == record;
            return node;
        }
    }
}
