using System.Text;

namespace SignOffBot.Host.Storage.Documents;

/// <summary>An item with its sign-off, as stored. <see cref="Id"/> is the item key.</summary>
public sealed class ItemDocument
{
    public string Id { get; set; } = "";

    /// <summary>
    /// Indexed: the key's bytes, written with every write, so items are listed in the ordinal order of their keys. The
    /// index of <see cref="Id"/> follows the database's collation, which ignores case and is not ordinal; binary
    /// values compare byte by byte.
    /// </summary>
    public byte[] OrderKey => OrderKeyOf(Id);

    public static byte[] OrderKeyOf(string id) => Encoding.UTF8.GetBytes(id);

    public string Project { get; set; } = "";

    public string Name { get; set; } = "";

    public string Version { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Risk { get; set; } = "";

    public string Owner { get; set; } = "";

    public string? ModelCard { get; set; }

    public string? ValidationReport { get; set; }

    public string? RollbackPlan { get; set; }

    public string? Ticket { get; set; }

    public DateTime RegisteredAt { get; set; }

    public string State { get; set; } = "";

    /// <summary>Indexed, so open sign-offs are found without reading closed ones.</summary>
    public bool Open { get; set; }

    public List<FeedbackSlotDocument> Feedback { get; set; } = [];

    public FinalSlotDocument Final { get; set; } = new();

    public List<DelegationDocument> Delegations { get; set; } = [];

    public DateTime? FinalRequestedAt { get; set; }

    /// <summary>Lifecycle changes after the start (evidence, withdrawals, re-requests, revocations); absent in older files.</summary>
    public List<ChangeDocument>? Changes { get; set; }
}

public sealed class FeedbackSlotDocument
{
    public string Category { get; set; } = "";

    public List<string> Assignees { get; set; } = [];

    public bool Requested { get; set; }

    public string? Delegate { get; set; }

    public List<AnswerDocument> Answers { get; set; } = [];

    public DateTime? RequestedAt { get; set; }
}

public sealed class AnswerDocument
{
    public string By { get; set; } = "";

    public string Answer { get; set; } = "";

    public string? Comment { get; set; }

    public DateTime At { get; set; }
}

public sealed class FinalSlotDocument
{
    public List<string> Assignees { get; set; } = [];

    public string? Delegate { get; set; }

    public AnswerDocument? Decision { get; set; }
}

public sealed class DelegationDocument
{
    public string Slot { get; set; } = "";

    public string? From { get; set; }

    public string To { get; set; } = "";

    public string By { get; set; } = "";

    public DateTime At { get; set; }
}

public sealed class ChangeDocument
{
    public string Kind { get; set; } = "";

    public string? Slot { get; set; }

    public string By { get; set; } = "";

    public string? Reason { get; set; }

    public DateTime At { get; set; }

    public AnswerDocument? EndedDecision { get; set; }
}
