using SignOffBot.Core.Governance;
using SignOffBot.Host.Api;

namespace SignOffBot.Host.Playground;

/// <summary>
/// Who acts in the playground: the person the page's "You are" picker names, taken at its word (the reason the
/// playground is for trying flows only).
/// </summary>
public sealed class PlaygroundPeople(IGovernanceSource governance)
{
    public Person? Find(string? id) => id is null ? null : governance.Current.FindPerson(id.Trim().ToLowerInvariant());

    public static IResult Unknown(string? id) =>
        Problems.BadRequest(id is null ? "Say who you are: as is a person id of the directory." : $"{id} is not a person of the directory.");
}
