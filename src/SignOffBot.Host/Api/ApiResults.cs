using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.Api;

public static class ApiResults
{
    /// <summary>A refusal as its problem; otherwise the item as it stands (201 when it was just created).</summary>
    public static IResult Item(ActionResult<Item> result, bool created = false) => result.Outcome switch
    {
        Outcome.Refused refused => Problems.Refused(refused.Violation),
        _ when result.Value is null => Problems.NotFound("The item is gone."),
        Outcome.Applied when created => TypedResults.Created($"/api/v1/items/{result.Value.Key}", ApiViews.Of(result.Value)),
        _ => TypedResults.Ok(ApiViews.Of(result.Value)),
    };

    /// <summary>The item key of a path, or the problem: not a key, a name or version over its limit, or a project outside the key's limit.</summary>
    public static bool TryItemKey(HttpContext http, string project, string nameAtVersion, out ItemKey key, out IResult problem)
    {
        problem = Results.Empty;
        if (ItemKey.TryParse($"{project}/{nameAtVersion}", out var parsed))
        {
            key = parsed;
            if (ApiLimits.Project(http, parsed.Project) is { } limited)
            {
                problem = limited;
                return false;
            }

            return true;
        }

        key = null!;
        problem = ItemKey.LengthRefusal($"{project}/{nameAtVersion}") is { } tooLong
            ? Problems.Refused(tooLong)
            : Problems.BadRequest($"'{project}/{nameAtVersion}' is not an item key; items are keyed {ItemKey.Form}.");
        return false;
    }
}
