using LiteDB;

namespace SignOffBot.Host.Storage;

/// <summary>
/// Query expressions with their values as parameters. LiteDB compiles each expression text once and keeps it for the
/// life of the process, and its own <c>Query.EQ</c> and the like write the value into the text: every new value was a
/// new compiled delegate (the JIT busy on each card lane, reminder scan or page, and memory never given back).
/// </summary>
internal static class LiteDbQuery
{
    public static BsonExpression Eq(string field, BsonValue value) => BsonExpression.Create($"$.{field} = @0", value);

    public static BsonExpression Lt(string field, BsonValue value) => BsonExpression.Create($"$.{field} < @0", value);

    public static BsonExpression Gt(string field, BsonValue value) => BsonExpression.Create($"$.{field} > @0", value);

    public static BsonExpression Gte(string field, BsonValue value) => BsonExpression.Create($"$.{field} >= @0", value);

    public static BsonExpression Between(string field, BsonValue from, BsonValue to) => BsonExpression.Create($"$.{field} BETWEEN @0 AND @1", from, to);
}
