package id.bizpro.bizcash.pin;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 over a PIN with a random 16-byte salt: a 6-digit PIN has only a million
 * values, so the slow hash and the lockout together are what protect it. JDK only. Thread-safe.
 */
public final class PinHasher {
  public static final int ITERATIONS = 120_000;
  private static final SecureRandom random = new SecureRandom();

  private PinHasher() {}

  public static boolean isWellFormed(String pin) {
    return pin != null && pin.matches("\\d{6}");
  }

  public static byte[] newSalt() {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return salt;
  }

  public static byte[] hash(String pin, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** Constant-time comparison, so timing does not tell how much of a guess was right. */
  public static boolean matches(String pin, byte[] salt, int iterations, byte[] expected) {
    return MessageDigest.isEqual(hash(pin, salt, iterations), expected);
  }
}
