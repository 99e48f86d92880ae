namespace SignOffBot.Core.Ports;

/// <summary>The one way to write: every change to the store runs as a unit of work, one session at a time.</summary>
public interface IUnitOfWork
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, serialised with every other write, and returns once it is
    /// committed (and durable); what it wrote commits together or not at all.
    /// </summary>
    T Transact<T>(Func<IStoreSession, T> work);
}
