namespace SignOffBot.Core.Outcomes;

/// <summary>Why a rule refused, so each surface can choose its answer (an HTTP status, a private message).</summary>
public enum RefusalKind
{
    /// <summary>The input is malformed or names something that does not fit.</summary>
    Invalid,

    /// <summary>The item, infrastructure, person or bypass does not exist.</summary>
    NotFound,

    /// <summary>The person may not do this.</summary>
    Forbidden,

    /// <summary>The current state does not allow this.</summary>
    Conflict,
}
