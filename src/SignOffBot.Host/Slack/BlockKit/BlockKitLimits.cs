namespace SignOffBot.Host.Slack.BlockKit;

/// <summary>
/// The documented Block Kit limits SignOffBot's messages and modals keep (docs.slack.dev block and element
/// reference pages; the same numbers are in the doc comments of @slack/types and checked by
/// <c>validate-slack-blocks.mjs</c>).
/// </summary>
public static class BlockKitLimits
{
    public const int MessageBlocks = 50;

    public const int ModalBlocks = 100;

    /// <summary>chat.update refuses a longer top-level <c>text</c> (<c>msg_too_long</c>).</summary>
    public const int MessageText = 4000;

    public const int SectionText = 3000;

    public const int SectionFields = 10;

    public const int SectionFieldText = 2000;

    public const int HeaderText = 150;

    public const int ContextElements = 10;

    /// <summary>Any text object.</summary>
    public const int Text = 3000;

    public const int ActionsElements = 25;

    public const int ButtonText = 75;

    public const int ButtonValue = 2000;

    public const int AccessibilityLabel = 75;

    public const int BlockId = 255;

    public const int ActionId = 255;

    public const int ModalTitle = 24;

    public const int ModalButton = 24;

    public const int PrivateMetadata = 3000;

    public const int CallbackId = 255;

    public const int InputLabel = 2000;

    public const int InputPlaceholder = 150;

    /// <summary>The most a <c>plain_text_input</c>'s <c>max_length</c> may be.</summary>
    public const int InputMaxLength = 3000;
}
