using SignOffBot.Host.Outbox;

namespace SignOffBot.Host.Slack.WebApi;

/// <summary>
/// Slack answered a call with <c>{"ok":false,"error":"…"}</c> (a Web API method with HTTP 200, or a response_url).
/// <see cref="ErrorCode"/> is Slack's code as given; <see cref="Permanent"/> says whether trying again can help
/// (see <see cref="IsPermanentError"/>).
/// <para>
/// <see cref="DeliveryFailedException"/> is sealed, so this cannot derive from it: <see cref="SlackApiClient"/> throws a
/// <see cref="DeliveryFailedException"/> with the same message, Permanent flag and RetryAfter, and this exception as its
/// <see cref="Exception.InnerException"/>. Use <see cref="Find"/> to get at the code:
/// <c>catch (DeliveryFailedException e) when (SlackApiException.Find(e)?.ErrorCode == "expired_trigger_id")</c>.
/// </para>
/// </summary>
public sealed class SlackApiException(string method, string errorCode, bool permanent, TimeSpan? retryAfter = null, string? detail = null)
    : Exception(Describe(method, errorCode, permanent, detail))
{
    /// <summary>Codes after which the same call will fail again: bad target, bad token, bad content, a used-up trigger or URL.</summary>
    private static readonly HashSet<string> PermanentErrors = new(StringComparer.Ordinal)
    {
        // Where: the channel, user or message is gone, not reachable or not ours.
        "channel_not_found", "not_in_channel", "is_archived", "channel_is_archived", "user_not_found", "users_not_found",
        "user_not_in_channel", "user_disabled", "user_not_visible", "cannot_dm_bot", "too_many_users", "messages_tab_disabled",
        "message_not_found", "cant_update_message", "edit_window_closed", "restricted_action", "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel", "restricted_action_non_threadable_channel", "posting_to_general_channel_denied",
        "not_found", "hash_conflict", "duplicate_external_id", "action_prohibited", "method_not_supported_for_channel_type",

        // Who: the token is wrong, revoked or lacks a scope.
        "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "no_permission", "missing_scope",
        "not_allowed_token_type", "access_denied", "ekm_access_denied", "team_access_not_granted", "org_login_required",
        "two_factor_setup_required", "enterprise_is_restricted",

        // What: the request itself is malformed or too big.
        "invalid_blocks", "invalid_blocks_format", "msg_too_long", "msg_blocks_too_long", "no_text", "too_many_attachments",
        "invalid_arguments", "invalid_arg_name", "invalid_array_arg", "invalid_charset", "invalid_form_data", "invalid_post_type",
        "missing_post_type", "invalid_json", "json_not_object", "invalid_payload", "view_too_large", "method_deprecated",
        "deprecated_endpoint", "unknown_method",

        // Files: the workspace refuses uploads of this kind or size.
        "file_uploads_disabled", "file_uploads_except_images_disabled", "file_upload_size_restricted", "file_type_not_allowed",

        // When: a trigger_id (3 s, one use) or response_url (30 min, 5 uses) that can no longer be used.
        "expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id", "expired_url", "used_url", "no_service",
        "no_service_id",
    };

    /// <summary>The Web API method (<c>chat.postMessage</c>, …) or <c>response_url</c>.</summary>
    public string Method { get; } = method;

    /// <summary>Slack's <c>error</c> code, e.g. <c>channel_not_found</c>.</summary>
    public string ErrorCode { get; } = errorCode;

    public bool Permanent { get; } = permanent;

    /// <summary>Slack's Retry-After when it sent one with the error.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>
    /// True for codes that fail the same way on every try (channel_not_found, not_in_channel, invalid_auth,
    /// invalid_blocks, expired_trigger_id, …); false for ratelimited, internal_error, fatal_error, request_timeout,
    /// service_unavailable and any code not known here.
    /// </summary>
    public static bool IsPermanentError(string errorCode) => PermanentErrors.Contains(errorCode);

    /// <summary>The <see cref="SlackApiException"/> that is <paramref name="exception"/> or one of its inner exceptions; null if none.</summary>
    public static SlackApiException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SlackApiException slack)
            {
                return slack;
            }
        }

        return null;
    }

    /// <summary>The <see cref="DeliveryFailedException"/> the outbox understands, with this one inside.</summary>
    public DeliveryFailedException ToDeliveryFailure() => new(Message, Permanent, RetryAfter, this);

    private static string Describe(string method, string errorCode, bool permanent, string? detail)
    {
        var message = $"Slack {method} failed: {errorCode} ({(permanent ? "not retried" : "to be retried later")})";
        return string.IsNullOrWhiteSpace(detail) ? message : $"{message}: {detail}";
    }
}
