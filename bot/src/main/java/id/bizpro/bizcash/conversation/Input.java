package id.bizpro.bizcash.conversation;

/** What a user sent in a message, as a flow step sees it. Immutable. */
public sealed interface Input {
  int messageId();

  /** A text message (not a command: commands are routed before flows see input). */
  record Text(String text, int messageId) implements Input {}

  /** A sticker, photo, voice note, file or anything else that is not text. */
  record NotText(String kind, int messageId) implements Input {}

  /**
   * Whether {@code text} could be a PIN: exactly six digits (0-9), with spaces allowed anywhere
   * ("123456", "123 456", "12 34 56"). Such a message is deleted wherever it lands unless a step
   * wants it as a number (see {@link FlowState#wantsDigits()}); SECURITY.md has the rule.
   */
  static boolean looksLikePin(String text) {
    if (text == null || text.length() > 64) {
      return false;
    }
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
        return false;
      }
    }
    return digits == 6;
  }
}
