package id.bizpro.bizcash.topup;

import id.bizpro.bizcash.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/** One of BizPro's own bank accounts that users pay top-ups into. Immutable. */
public record PayeeAccount(String bankName, String accountNumber, String holderName) {

  public static final String VARIABLE = "BIZPRO_BANK_ACCOUNTS";

  /** A placeholder shown (with a start-up warning) until the real accounts are configured. */
  public static List<PayeeAccount> placeholder() {
    return List.of(new PayeeAccount("BCA", "0000000000", "PT BizPro Indonesia"));
  }

  /** The placeholder's all-zero number: an example, not an account to pay into. */
  public boolean isExample() {
    return accountNumber.chars().allMatch(c -> c == '0');
  }

  /** Parses {@code BCA:8830012345:PT BizPro Indonesia;Mandiri:1230009876543:PT BizPro Indonesia}. */
  public static List<PayeeAccount> parse(String value) {
    List<PayeeAccount> out = new ArrayList<>();
    int i = 0;
    for (String item : value.split(";")) {
      i++;
      if (item.isBlank()) {
        continue;
      }
      String[] parts = item.split(":", 3);
      if (parts.length != 3 || parts[0].isBlank() || parts[2].isBlank()) {
        throw new ConfigException(VARIABLE, "item " + i + " must be BANK:NUMBER:HOLDER NAME, e.g. BCA:8830012345:PT BizPro Indonesia");
      }
      String number = parts[1].strip();
      if (!number.matches("[0-9]{6,20}")) {
        throw new ConfigException(VARIABLE, "item " + i + " has an account number that is not 6-20 digits");
      }
      out.add(new PayeeAccount(parts[0].strip(), number, parts[2].strip()));
    }
    if (out.isEmpty()) {
      throw new ConfigException(VARIABLE, "lists no account");
    }
    return List.copyOf(out);
  }
}
