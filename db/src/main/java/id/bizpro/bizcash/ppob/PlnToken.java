package id.bizpro.bizcash.ppob;

import java.util.Optional;

/**
 * A PLN prepaid token in a provider's SN, e.g. {@code 12345678901234567890/NAMA/R1/1300VA/32,5}:
 * the 20 digits grouped 4-4-4-4-4 and the kWh when the SN carries them. Stateless.
 */
public record PlnToken(String grouped, Optional<String> kwh) {
  public static Optional<PlnToken> parse(String sn) {
    if (sn == null) {
      return Optional.empty();
    }
    String[] parts = sn.split("/");
    String digits = parts[0].replaceAll("[^0-9]", "");
    if (digits.length() != 20) {
      return Optional.empty();
    }
    StringBuilder g = new StringBuilder();
    for (int i = 0; i < 20; i += 4) {
      if (i > 0) {
        g.append('-');
      }
      g.append(digits, i, i + 4);
    }
    Optional<String> kwh = Optional.empty();
    if (parts.length > 1) {
      String last = parts[parts.length - 1].strip().replaceAll("(?i)\\s*kwh$", "");
      if (last.matches("\\d{1,6}([.,]\\d{1,3})?")) {
        kwh = Optional.of(last);
      }
    }
    return Optional.of(new PlnToken(g.toString(), kwh));
  }
}
