package id.bizpro.bizcash.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature helpers for callbacks. Comparisons take the same time whatever the first differing
 * byte, so an attacker cannot find a valid signature byte by byte. Stateless, thread-safe.
 */
public final class Signatures {
  private static final HexFormat HEX = HexFormat.of();

  private Signatures() {}

  /** Lower-case hex HMAC-SHA256 of {@code body} keyed with {@code secret}. */
  public static String hmacSha256Hex(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HEX.formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** Lower-case hex SHA-512 of the UTF-8 bytes of {@code text}. */
  public static String sha512Hex(String text) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-512").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-512 is missing from this JVM", e);
    }
  }

  /** True when {@code given} (hex, any case, may be null) equals {@code expectedHex}, in constant time. */
  public static boolean hexEquals(String expectedHex, String given) {
    if (given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expectedHex.getBytes(StandardCharsets.US_ASCII),
        given.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  /** True when {@code given} equals {@code expected}, in constant time (for shared secret tokens). */
  public static boolean secretEquals(String expected, String given) {
    if (given == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
