package id.bizpro.bizcash.bankaccount;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The banks a withdrawal can go to, by name and code. Immutable and thread-safe. */
public final class Banks {
  private static final List<Bank> ALL =
      List.of(
          new Bank("014", "BCA"),
          new Bank("002", "BRI"),
          new Bank("009", "BNI"),
          new Bank("008", "Mandiri"),
          new Bank("451", "BSI"),
          new Bank("022", "CIMB Niaga"),
          new Bank("013", "Permata"),
          new Bank("011", "Danamon"),
          new Bank("200", "BTN"),
          new Bank("028", "OCBC"),
          new Bank("019", "Panin"),
          new Bank("016", "Maybank"),
          new Bank("426", "Mega"),
          new Bank("213", "SMBC Indonesia"),
          new Bank("542", "Bank Jago"),
          new Bank("535", "SeaBank"),
          new Bank("536", "BCA Syariah"),
          new Bank("111", "Bank DKI"),
          new Bank("110", "BJB"));

  private Banks() {}

  public static List<Bank> all() {
    return ALL;
  }

  /** Finds a bank by code ("014") or by name, ignoring case ("bca", "Bank Mandiri"). */
  public static Optional<Bank> find(String codeOrName) {
    if (codeOrName == null) {
      return Optional.empty();
    }
    String q = codeOrName.strip().toLowerCase(Locale.ROOT);
    String withoutPrefix = q.startsWith("bank ") ? q.substring(5) : q;
    return ALL.stream()
        .filter(b -> b.code().equals(q)
            || b.name().toLowerCase(Locale.ROOT).equals(q)
            || b.name().toLowerCase(Locale.ROOT).equals(withoutPrefix))
        .findFirst();
  }
}
