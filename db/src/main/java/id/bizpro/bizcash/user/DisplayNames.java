package id.bizpro.bizcash.user;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a person's Telegram identity is shown to anyone else: the one place that decides it, so that
 * recipient search, notifications, confirmation cards, receipts, history, statements and admin
 * screens all show the same safe text.
 *
 * <p>A Telegram name is free text chosen by its owner. Unicode bidirectional controls (after a
 * right-to-left override U+202E the rest of the line is displayed reversed, so a name can make the
 * amount or note next to it read differently) and invisible characters (zero-width spaces and
 * joiners, word joiners, byte-order marks, Hangul fillers) let one person look like another or
 * reorder the text around their name, so they are removed: every Unicode format character
 * (category Cf: U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069, U+061C, U+FEFF,
 * U+00AD, tag characters, …), the letters and marks that render as nothing (Hangul fillers,
 * U+034F, U+2800), control characters and lone surrogates. Line breaks, tabs and other whitespace
 * become one space. A name never starts with '@' ('@', '＠', '﹫'): only a real username is shown
 * with one, so a person called "@alice" cannot pass for the user @alice. The price: emoji
 * sequences joined by U+200D (a family emoji) fall apart into their parts.
 *
 * <p>Usernames need no cleaning: the database only holds {@code [A-Za-z0-9_]}. Stateless and
 * thread-safe; the result is HTML-unescaped text — callers that send HTML still escape it.
 */
public final class DisplayNames {
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
  private static final Pattern SHOWN_USERNAME = Pattern.compile("@[A-Za-z0-9_]{1,64}");

  private DisplayNames() {}

  /**
   * {@code "@alice"} when the user has a username, else their cleaned first and last name, else
   * empty: the caller shows its own language's neutral placeholder then.
   */
  public static Optional<String> of(Optional<String> username, String firstName, Optional<String> lastName) {
    Optional<String> valid = username.filter(u -> USERNAME.matcher(u).matches());
    if (valid.isPresent()) {
      return Optional.of("@" + valid.get());
    }
    return name(firstName, lastName.orElse(null));
  }

  /** The cleaned first and last name, without a leading '@'; empty when nothing visible is left. */
  public static Optional<String> name(String firstName, String lastName) {
    String joined = (firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName);
    String name = withoutLeadingAt(clean(joined));
    return name.isEmpty() ? Optional.empty() : Optional.of(name);
  }

  /**
   * One part of a name (first or last) as registration stores it: cleaned, without a leading '@'.
   * Stored names are clean so that SQL that builds a name ({@code '@' || username} or the name)
   * can never produce an '@' for a user without a username, and searches match what is shown.
   */
  public static String namePart(String raw) {
    return withoutLeadingAt(clean(raw));
  }

  /**
   * A name built elsewhere as {@code "@username"} or as the plain name (the {@code from} of a
   * transfer notification, written by SQL): a well-formed {@code @username} is kept, anything else
   * is cleaned as a name.
   */
  public static Optional<String> ofShown(String shown) {
    if (shown != null && SHOWN_USERNAME.matcher(shown).matches()) {
      return Optional.of(shown);
    }
    return name(shown, null);
  }

  /**
   * {@code raw} without bidirectional controls, invisible and control characters, with each run of
   * whitespace as one space and none at either end. Never null.
   */
  public static String clean(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(raw.length());
    boolean space = false;
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        space = true; // line breaks and tabs too: a name is one line
        continue;
      }
      if (invisible(cp)) {
        continue;
      }
      if (space && !out.isEmpty()) {
        out.append(' ');
      }
      space = false;
      out.appendCodePoint(cp);
    }
    return out.toString();
  }

  private static boolean invisible(int cp) {
    int type = Character.getType(cp);
    return type == Character.FORMAT
        || type == Character.CONTROL
        || type == Character.SURROGATE
        // Letters by category that render as nothing, popular for "invisible" names.
        || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0
        // Combining grapheme joiner, Mongolian vowel separator (Cf only since Unicode 6.3), braille blank.
        || cp == 0x034F || cp == 0x180E || cp == 0x2800;
  }

  private static String withoutLeadingAt(String name) {
    int start = 0;
    while (start < name.length() && "@\uFF20\uFE6B ".indexOf(name.charAt(start)) >= 0) {
      start++;
    }
    return name.substring(start);
  }
}
