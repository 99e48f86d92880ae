using LiteDB;

namespace SignOffBot.Host.Storage;

public static class StoredIds
{
    /// <summary>The object id written as <paramref name="text"/> (24 hex digits), or null when it is none.</summary>
    public static ObjectId? ObjectIdOf(string text)
    {
        if (text.Length != 24 || !text.All(Uri.IsHexDigit))
        {
            return null;
        }

        return new ObjectId(text);
    }
}
