package id.bizpro.bizcash.conversation;

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
        t.send(t.t("amount.refused." + r.reason().name().toLowerCase()) + "\n" + t.t("amount.try_again"));
        yield Optional.empty();
      }
    };
  }
}
