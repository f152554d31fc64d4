package id.bizpro.bizcash.conversation;

import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.money.MoneyInput;
import java.util.Optional;

/** Reads a typed amount and, when it is refused, tells the user why in one line. Stateless. */
public final class Amounts {
  private Amounts() {}

  /** The amount, or empty after telling the user what was wrong and how to go on. */
  public static Optional<Money> read(Turn t, String text) {
    return switch (MoneyInput.parse(text)) {
      case MoneyInput.Result.Parsed p -> Optional.of(p.amount());
      case MoneyInput.Result.Refused r -> {
        t.send(refusal(t, r.reason(), text) + "\n" + t.t("amount.try_again"));
        yield Optional.empty();
      }
    };
  }

  /** Why {@code text} is not an amount; for cents, with a whole amount made from what was typed. */
  public static String refusal(Turn t, MoneyInput.Reason reason, String text) {
    return t.t("amount.refused." + reason.name().toLowerCase(),
        reason == MoneyInput.Reason.FRACTION ? Html.escape(wholeExample(text)) : "");
  }

  /**
   * The typed amount without its cents, when that reads as an amount: "12.500,75" → "12.500",
   * "Rp 1.250.000,50" → "Rp 1.250.000", "1,0005rb" → "1rb"; else a plain example.
   */
  static String wholeExample(String text) {
    String typed = text == null ? "" : text.strip();
    String whole = typed.replaceFirst("[.,]\\d+(?=\\s*(?i:rb|ribu|k|jt|juta)?\\s*$)", "").strip();
    return !whole.equals(typed) && MoneyInput.parse(whole) instanceof MoneyInput.Result.Parsed ? whole : "12";
  }

  /**
   * The amount at the start of {@code words} (the quick form: "/transfer @dewi Rp 5.000 makan",
   * "5 ribu makan", "10 rb makan"): the longest run of up to three leading words that reads as an
   * amount, and how many words it took; empty when none does.
   */
  public static Optional<Leading> leading(String[] words) {
    for (int n = Math.min(3, words.length); n >= 1; n--) {
      String candidate = String.join(" ", java.util.Arrays.copyOfRange(words, 0, n));
      if (MoneyInput.parse(candidate) instanceof MoneyInput.Result.Parsed p) {
        return Optional.of(new Leading(p.amount(), n));
      }
    }
    return Optional.empty();
  }

  /** An amount read from the first {@code words} words of a line. */
  public record Leading(Money amount, int words) {}
}
