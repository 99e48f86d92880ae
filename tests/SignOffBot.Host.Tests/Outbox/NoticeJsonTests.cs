using SignOffBot.Core.Governance;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Reminders;
using SignOffBot.Host.Outbox;

namespace SignOffBot.Host.Tests.Outbox;

/// <summary>Notices waiting in an outbox written by an earlier version still read after person ids and reminder kinds became types.</summary>
public sealed class NoticeJsonTests
{
    [Fact]
    public void AReminderAndAnOverdueNotice_StoredAsPlainText_ReadBackTyped_AndAreWrittenTheSameWay()
    {
        const string reminder = """{"kind":"reminder","body":{"person":"ops@example.com","kind":"incident-review","item":"fraud-detection/churn-xgb@7","slot":"bp-1","number":2,"of":3}}""";
        const string overdue = """{"kind":"overdue","body":{"person":"ana@example.com","kind":"feedback","item":"fraud-detection/churn-xgb@7","slot":"Business","reviewer":"biz@example.com"}}""";

        var read = Assert.IsType<ReminderNotice>(NoticeJson.Read(reminder));
        var late = Assert.IsType<OverdueNotice>(NoticeJson.Read(overdue));

        Assert.Equal(new ReminderNotice(new PersonId("ops@example.com"), ReminderKind.IncidentReview, "fraud-detection/churn-xgb@7", "bp-1", 2, 3), read);
        Assert.Equal((new PersonId("biz@example.com"), ReminderKind.Feedback), (late.Reviewer, late.Kind));
        Assert.Equal(reminder, NoticeJson.Write(read));
        Assert.Equal(overdue, NoticeJson.Write(late));
    }

    [Fact]
    public void AReminderKindTheBotNeverWrote_IsRefusedAsUnreadable()
    {
        const string unknown = """{"kind":"reminder","body":{"person":"ops@example.com","kind":"nudge","item":"a/b@1","slot":"Business","number":1,"of":3}}""";

        Assert.Throws<FormatException>(() => NoticeJson.Read(unknown));
    }
}
