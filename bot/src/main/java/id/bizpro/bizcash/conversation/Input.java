package id.bizpro.bizcash.conversation;

/** What a user sent in a message, as a flow step sees it. Immutable. */
public sealed interface Input {
  int messageId();

  /** A text message (not a command: commands are routed before flows see input). */
  record Text(String text, int messageId) implements Input {}

  /** A sticker, photo, voice note, file or anything else that is not text. */
  record NotText(String kind, int messageId) implements Input {}
}
