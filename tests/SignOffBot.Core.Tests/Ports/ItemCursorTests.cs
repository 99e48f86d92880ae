using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;

namespace SignOffBot.Core.Tests.Ports;

/// <summary>A page's cursor is its last key, base64url; anything else is refused, never read as some other key.</summary>
public sealed class ItemCursorTests
{
    [Fact]
    public void ACursor_ReadsBackAsTheKeyItWasMadeOf()
    {
        var key = new ItemKey("fraud-detection", "churn-xgb", "7+rc.1");

        var cursor = ItemCursor.Of(key);

        Assert.True(ItemCursor.TryRead(cursor, out var read));
        Assert.Equal("fraud-detection/churn-xgb@7+rc.1", read);
        Assert.DoesNotContain(cursor, c => c is '+' or '/' or '=');
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("ZnJhdWQtZGV0ZWN0aW9u")] // base64url of "fraud-detection": no key
    [InlineData("IGZyYXVkLWRldGVjdGlvbi9jaHVybi14Z2JANw")] // base64url of " fraud-detection/churn-xgb@7": not as a page writes it
    [InlineData("_w")] // base64url of the byte 0xFF: not UTF-8
    public void AnythingElse_IsNoCursor(string cursor)
    {
        Assert.False(ItemCursor.TryRead(cursor, out _));
        Assert.Throws<ArgumentException>(() => new ItemQuery(null, null, null, cursor, 10).AfterKey());
    }

    [Fact]
    public void AVeryLongText_IsNoCursor()
    {
        Assert.False(ItemCursor.TryRead(new string('A', 4000), out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ALimitBelowOne_IsRefused(int limit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ItemQuery(null, null, null, null, limit).AfterKey());
    }
}
