using SignOffBot.Host.Teams.Payloads;

namespace SignOffBot.Host.Tests.Teams.Payloads;

public sealed class ActivityDeliveryIdTests
{
    [Fact]
    public void TheId_IsTheConversationAndTheActivity_AndAnOverlongConversationIsHashed()
    {
        static Activity In(string conversation, string id) => new() { Id = id, Conversation = new ConversationAccount { Id = conversation } };
        var longConversation = "a:" + new string('x', 5_000);

        Assert.Equal("teams:a:1chat|1700000000001", In("a:1chat", "1700000000001").DeliveryId());
        Assert.NotEqual(In("a:1chat", "1").DeliveryId(), In("a:2chat", "1").DeliveryId());
        var hashed = In(longConversation, "1").DeliveryId()!;
        Assert.StartsWith("teams:sha256:", hashed, StringComparison.Ordinal);
        Assert.True(hashed.Length < 100);
        Assert.NotEqual(hashed, In(longConversation + "y", "1").DeliveryId());
        Assert.Null(new Activity { Id = "1" }.DeliveryId());
    }
}
