namespace SignOffBot.Host.Backup;

/// <summary>
/// What the <c>backup</c> and <c>restore</c> commands take from outside their arguments: environment variables, the
/// way to a running host, and the clock. The process's own, or a test's.
/// </summary>
internal sealed record CommandEnvironment(Func<string, string?> Variable, HttpMessageHandler? Handler, TimeProvider Time)
{
    /// <summary>The environment variable holding the API key (scope <c>store:backup</c>); never taken from the command line.</summary>
    public const string ApiKeyVariable = "SIGNOFFBOT_API_KEY";

    public static CommandEnvironment Process { get; } = new(Environment.GetEnvironmentVariable, null, TimeProvider.System);

    public string? ApiKey => Variable(ApiKeyVariable) is { Length: > 0 } key ? key.Trim() : null;

    /// <summary>A client for the host at <paramref name="host"/>: redirects not followed (the key is never replayed elsewhere), a short connect timeout.</summary>
    public HttpClient Client(Uri host) => new(Handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(5) }, disposeHandler: Handler is null)
    {
        BaseAddress = host,
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
