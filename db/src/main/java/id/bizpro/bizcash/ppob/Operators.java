package id.bizpro.bizcash.ppob;

import java.util.Locale;
import java.util.Optional;

/**
 * Indonesian mobile numbers: the accepted spellings ({@code 0812…}, {@code 62812…}, {@code +62
 * 812-…}) normalised to {@code 08…}, and the operator told from the prefix. Stateless.
 */
public final class Operators {
  private Operators() {}

  /** A mobile operator and the provider's brand name for its products. */
  public enum Operator {
    TELKOMSEL("Telkomsel", "TELKOMSEL", "0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853"),
    BYU("by.U", "by.U", "0851"),
    INDOSAT("Indosat", "INDOSAT", "0814", "0815", "0816", "0855", "0856", "0857", "0858"),
    XL("XL", "XL", "0817", "0818", "0819", "0859", "0877", "0878"),
    AXIS("Axis", "AXIS", "0831", "0832", "0833", "0838"),
    TRI("Tri", "TRI", "0895", "0896", "0897", "0898", "0899"),
    SMARTFREN("Smartfren", "SMARTFREN", "0881", "0882", "0883", "0884", "0885", "0886", "0887", "0888", "0889");

    private final String label;
    private final String brand;
    private final String[] prefixes;

    Operator(String label, String brand, String... prefixes) {
      this.label = label;
      this.brand = brand;
      this.prefixes = prefixes;
    }

    public String label() {
      return label;
    }

    /** The brand the provider's catalogue files this operator's products under. */
    public String brand() {
      return brand;
    }
  }

  /** The number as {@code 08…} (10-13 digits), or empty when it is not an Indonesian mobile number. */
  public static Optional<String> normalise(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.strip().replaceAll("[\\s\\-.()]", "");
    if (s.startsWith("+62")) {
      s = "0" + s.substring(3);
    } else if (s.startsWith("62")) {
      s = "0" + s.substring(2);
    } else if (s.startsWith("8")) {
      s = "0" + s;
    }
    return s.matches("08\\d{8,11}") ? Optional.of(s) : Optional.empty();
  }

  /** The operator of a normalised number, by its first four digits. */
  public static Optional<Operator> of(String normalised) {
    if (normalised.length() < 4) {
      return Optional.empty();
    }
    String p = normalised.substring(0, 4);
    for (Operator o : Operator.values()) {
      for (String prefix : o.prefixes) {
        if (prefix.equals(p)) {
          return Optional.of(o);
        }
      }
    }
    return Optional.empty();
  }

  /** Whether a catalogue brand is this operator's (case and punctuation ignored). */
  public static boolean sameBrand(String catalogueBrand, String brand) {
    return key(catalogueBrand).equals(key(brand));
  }

  static String key(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /** {@code 0812****7890}: for shared views (statements, admin lists). */
  public static String mask(String customerNo) {
    if (customerNo.length() <= 6) {
      return customerNo;
    }
    return customerNo.substring(0, 4) + "*".repeat(customerNo.length() - 8 > 0 ? customerNo.length() - 8 : 2)
        + customerNo.substring(customerNo.length() - 4);
  }
}
