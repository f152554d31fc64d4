package id.bizpro.bizcash.topup;

import id.bizpro.bizcash.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/** One of BizPro's bank accounts where users pay top-up orders. Immutable. */
public record PayeeAccount(String bank, String number, String holder) {
  /** The environment variable that lists them. */
  public static final String VARIABLE = "BIZPRO_BANK_ACCOUNTS";

  /** The placeholder used when {@link #VARIABLE} is unset (the caller warns at start-up). */
  public static List<PayeeAccount> placeholder() {
    return PLACEHOLDER;
  }

  /** Parses the value of {@link #VARIABLE}. */
  public static List<PayeeAccount> parse(String value) {
    return parse(VARIABLE, value);
  }

  /** Used when BIZPRO_BANK_ACCOUNTS is unset (with a start-up warning, logged by the caller). */
  public static final List<PayeeAccount> PLACEHOLDER =
      List.of(new PayeeAccount("BCA", "8830012345", "PT BizPro Indonesia"));

  /**
   * Parses {@code BCA:8830012345:PT BizPro Indonesia;Mandiri:1230009876543:PT BizPro Indonesia}.
   *
   * @throws ConfigException naming {@code variable} when an entry is malformed
   */
  public static List<PayeeAccount> parse(String variable, String value) {
    List<PayeeAccount> out = new ArrayList<>();
    for (String entry : value.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.split(":", 3);
      if (parts.length != 3 || parts[0].isBlank() || !parts[1].strip().matches("\\d{6,20}") || parts[2].isBlank()) {
        throw new ConfigException(variable, "each entry must be BANK:NUMBER:HOLDER with a 6-20 digit number");
      }
      out.add(new PayeeAccount(parts[0].strip(), parts[1].strip(), parts[2].strip()));
    }
    if (out.isEmpty()) {
      throw new ConfigException(variable, "names no bank account");
    }
    return List.copyOf(out);
  }
}
