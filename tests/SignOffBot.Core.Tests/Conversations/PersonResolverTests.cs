using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using static SignOffBot.Core.Tests.Conversations.ParserDirectory;

namespace SignOffBot.Core.Tests.Conversations;

public sealed class PersonResolverTests
{
    [Theory]
    [InlineData("<@U0ANA|ana>", Ana)]
    [InlineData("<@U0ANA>", Ana)]
    [InlineData("<@U0BEN|Ben Dahl>", Ben)]
    [InlineData("<@W0CHEN>", Chen)]
    [InlineData("<at>Ana Ortiz</at>", Ana)]
    [InlineData("<at> Ben Dahl </at>", Ben)]
    [InlineData("<at>ben dahl</at>", Ben)]
    [InlineData("<at>BenDahl</at>", Ben)]
    [InlineData("<at>Dana Scully</at>", Dana)]
    [InlineData("<at>Ana</at>", Ana)]
    [InlineData("@ana", Ana)]
    [InlineData("@Ana", Ana)]
    [InlineData("ben", Ben)]
    [InlineData("@chen.wei", Chen)]
    [InlineData("ana@example.com", Ana)]
    [InlineData("ANA@EXAMPLE.COM", Ana)]
    [InlineData(" dana@example.com ", Dana)]
    [InlineData("Ana Ortiz", Ana)]
    public void Resolves(string mention, string id)
    {
        Assert.Equal(id, PersonResolver.Resolve(Model, mention)?.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("@")]
    [InlineData("@@")]
    [InlineData("<at></at>")]
    [InlineData("<@U0NOBODY>")]
    [InlineData("<@U0NOBODY|ana>")]
    [InlineData("<@u0ana>")]
    [InlineData("@zed")]
    [InlineData("ana@example.org")]
    [InlineData("Ortiz")]
    public void Does_not_resolve(string mention)
    {
        Assert.Null(PersonResolver.Resolve(Model, mention));
    }

    [Fact]
    public void The_email_local_part_wins_over_another_persons_name()
    {
        // "max" is the local part of one person's e-mail and the whole name of another.
        var directory = new GovernanceModel(
            [
                new Person("max@example.com", "Maximilian Roe", "U0MAX", null, "UTC"),
                new Person("m.doe@example.com", "Max", "U0MDOE", null, "UTC"),
            ],
            [],
            [],
            []);

        Assert.Equal("max@example.com", PersonResolver.Resolve(directory, "@max")?.Id);
        Assert.Equal("m.doe@example.com", PersonResolver.Resolve(directory, "<@U0MDOE|max>")?.Id);
    }
}
