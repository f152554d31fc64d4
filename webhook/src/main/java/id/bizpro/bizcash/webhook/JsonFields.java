package id.bizpro.bizcash.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.money.Money;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Reads callback JSON strictly: a missing or wrong field becomes a {@link CallbackRefused} (400)
 * naming it. Amounts are whole rupiah as a JSON integer or a string of digits; {@code
 * allowZeroCents} also accepts {@code "106123.00"} (Midtrans, Moota) but never a real fraction.
 * Stateless, thread-safe.
 */
public final class JsonFields {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_RUPIAH = 1_000_000_000_000L;

  private JsonFields() {}

  public static JsonNode parse(String raw) {
    if (raw.isBlank()) {
      throw CallbackRefused.malformed("the body is empty; a JSON document is expected");
    }
    try {
      return JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      throw CallbackRefused.malformed("the body is not valid JSON");
    }
  }

  public static JsonNode object(String raw) {
    JsonNode n = parse(raw);
    if (!n.isObject()) {
      throw CallbackRefused.malformed("the body must be a JSON object");
    }
    return n;
  }

  /** A required non-blank text (numbers are accepted and read as their text). */
  public static String text(JsonNode n, String field) {
    return optionalText(n, field).orElseThrow(() -> CallbackRefused.missing(field));
  }

  public static Optional<String> optionalText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual() && !v.isNumber()) {
      throw CallbackRefused.invalid(field, "must be a string");
    }
    String s = v.asText().strip();
    if (s.length() > 200) {
      throw CallbackRefused.invalid(field, "is longer than 200 characters");
    }
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  /** A required positive whole-rupiah amount. */
  public static Money amount(JsonNode n, String field, boolean allowZeroCents) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
      throw CallbackRefused.missing(field);
    }
    BigDecimal value;
    if (v.isIntegralNumber()) {
      value = v.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(MAX_RUPIAH)) > 0
          ? BigDecimal.valueOf(MAX_RUPIAH + 1) : new BigDecimal(v.bigIntegerValue());
    } else if (v.isTextual() && v.asText().strip().matches(allowZeroCents ? "[0-9]{1,15}(\\.[0-9]{1,2})?" : "[0-9]{1,15}")) {
      value = new BigDecimal(v.asText().strip());
    } else if (v.isNumber() && allowZeroCents) {
      value = v.decimalValue();
    } else {
      throw CallbackRefused.invalid(field, "must be whole rupiah: an integer or a string of digits");
    }
    if (value.stripTrailingZeros().scale() > 0) {
      throw CallbackRefused.invalid(field, "has a fraction of a rupiah");
    }
    if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(MAX_RUPIAH)) > 0) {
      throw CallbackRefused.invalid(field, "must be between 1 and " + MAX_RUPIAH);
    }
    return Money.rupiah(value.longValueExact());
  }
}
