using System.Reflection;

namespace SignOffBot.Host.Playground;

/// <summary>
/// The page's files, embedded in the host at build time: our own HTML, script and styles, and the Adaptive Cards
/// renderer the build installed from npm (nothing is fetched from elsewhere at run time).
/// </summary>
public static class PlaygroundStaticFiles
{
    private const string Prefix = "playground/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".png"] = "image/png",
    };

    private static readonly Assembly Host = typeof(PlaygroundStaticFiles).Assembly;

    public static IResult Serve(string path)
    {
        var name = Prefix + path;
        var type = ContentTypes.GetValueOrDefault(Path.GetExtension(path));
        if (type is null || path.Contains("..", StringComparison.Ordinal) || Host.GetManifestResourceStream(name) is not { } stream)
        {
            return Results.NotFound();
        }

        return Results.Stream(stream, type);
    }

}
