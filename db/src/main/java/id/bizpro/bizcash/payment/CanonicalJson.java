package id.bizpro.bizcash.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A digest of a JSON document that is the same for every spelling of the same JSON value: keys in
 * any order, any whitespace, numbers written as {@code 100}, {@code 100.0} or {@code 1E+2}. Two
 * deliveries of one event are the same event exactly when their digests are equal, so a provider
 * that re-serialises its retry is not mistaken for a conflicting one. Text that is not JSON is
 * digested as its bytes (it can then only equal itself). Stateless, thread-safe.
 */
public final class CanonicalJson {
  // Floats as BigDecimal: a double would make 0.1 and 0.10000000000000001 the same value.
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final HexFormat HEX = HexFormat.of();

  private CanonicalJson() {}

  /** Lower-case hex SHA-256 of the canonical form of {@code text}. */
  public static String sha256(String text) {
    String canonical;
    try {
      JsonNode node = JSON.readTree(text);
      canonical = node == null ? text : canonical(node);
    } catch (JsonProcessingException e) {
      canonical = "\u0000not-json\u0000" + text;
    }
    return sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
  }

  /** Lower-case hex SHA-256 of the canonical form of a parsed JSON value (e.g. one item of a batch). */
  public static String sha256(JsonNode node) {
    return sha256Hex(canonical(node).getBytes(StandardCharsets.UTF_8));
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static String canonical(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode n, StringBuilder out) {
    if (n.isObject()) {
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(quoted(names.get(i))).append(':');
        write(n.get(names.get(i)), out);
      }
      out.append('}');
    } else if (n.isArray()) {
      out.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(n.get(i), out);
      }
      out.append(']');
    } else if (n.isNumber()) {
      // stripTrailingZeros().toString() keeps an exponent for huge values (1E+999999) instead of
      // writing out a million digits, and gives 100, 100.0 and 1E+2 the same text.
      java.math.BigDecimal d = n.decimalValue();
      out.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toString());
    } else if (n.isTextual()) {
      out.append(quoted(n.textValue()));
    } else {
      out.append(n.toString()); // true, false, null
    }
  }

  private static String quoted(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string cannot fail to serialise", e);
    }
  }
}
