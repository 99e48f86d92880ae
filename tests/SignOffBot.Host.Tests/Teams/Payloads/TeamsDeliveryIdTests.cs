using SignOffBot.Host.Teams.Payloads;

namespace SignOffBot.Host.Tests.Teams.Payloads;

public sealed class TeamsDeliveryIdTests
{
    [Fact]
    public void TheId_IsTheConversationAndTheActivity_AndAnOverlongConversationIsHashed()
    {
        static Activity In(string conversation, string id) => new() { Id = id, Conversation = new ConversationAccount { Id = conversation } };
        var longConversation = "a:" + new string('x', 5_000);

        Assert.Equal("teams:a:1chat|1700000000001", TeamsDeliveryId.Of(In("a:1chat", "1700000000001")));
        Assert.NotEqual(TeamsDeliveryId.Of(In("a:1chat", "1")), TeamsDeliveryId.Of(In("a:2chat", "1")));
        var hashed = TeamsDeliveryId.Of(In(longConversation, "1"))!;
        Assert.StartsWith("teams:sha256:", hashed, StringComparison.Ordinal);
        Assert.True(hashed.Length < 100);
        Assert.NotEqual(hashed, TeamsDeliveryId.Of(In(longConversation + "y", "1")));
        Assert.Null(TeamsDeliveryId.Of(new Activity { Id = "1" }));
    }
}
