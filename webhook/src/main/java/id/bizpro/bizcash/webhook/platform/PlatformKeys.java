package id.bizpro.bizcash.webhook.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The platform's API keys, from {@code PLATFORM_API_KEYS}: comma-separated {@code id:secret} or
 * {@code id:secret:scope|scope} entries. Several keys may be active at once (rotation: add the new
 * key, move the platform to it, remove the old one). {@link #toString()} names the key ids only;
 * secrets are never logged. Immutable.
 */
public final class PlatformKeys {
  /** Scope that lets a key read users' balances ({@code GET /api/v1/users/{id}}). */
  public static final String BALANCES = "balances";
  public static final Set<String> SCOPES = Set.of(BALANCES);
  public static final int MIN_SECRET_LENGTH = 16;

  /** One key: its id, its secret and its scopes. */
  public record Key(String id, String secret, Set<String> scopes) {
    @Override
    public String toString() {
      return "Key[" + id + ", scopes=" + scopes + "]";
    }
  }

  private final Map<String, Key> byId;

  private PlatformKeys(Map<String, Key> byId) {
    this.byId = Map.copyOf(byId);
  }

  public static PlatformKeys of(List<Key> keys) {
    Map<String, Key> m = new LinkedHashMap<>();
    keys.forEach(k -> m.put(k.id(), k));
    return new PlatformKeys(m);
  }

  /**
   * Parses the variable's value.
   *
   * @throws IllegalArgumentException naming the entry (by position and id, never its secret)
   */
  public static PlatformKeys parse(String value) {
    Map<String, Key> keys = new LinkedHashMap<>();
    String[] entries = value.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      if (entry.isEmpty()) {
        continue;
      }
      String[] parts = entry.split(":", -1);
      if (parts.length < 2 || parts.length > 3) {
        throw new IllegalArgumentException("PLATFORM_API_KEYS entry " + (i + 1) + " is not id:secret or id:secret:scopes");
      }
      String id = parts[0].strip();
      if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
        throw new IllegalArgumentException("PLATFORM_API_KEYS entry " + (i + 1) + ": the key id must be 1-32 letters, digits, _ or -");
      }
      if (parts[1].length() < MIN_SECRET_LENGTH) {
        throw new IllegalArgumentException(
            "PLATFORM_API_KEYS key " + id + ": the secret must be at least " + MIN_SECRET_LENGTH + " characters");
      }
      List<String> scopes = new ArrayList<>();
      if (parts.length == 3 && !parts[2].isBlank()) {
        for (String s : parts[2].split("\\|")) {
          if (!SCOPES.contains(s.strip())) {
            throw new IllegalArgumentException("PLATFORM_API_KEYS key " + id + ": unknown scope '" + s.strip() + "' (known: " + SCOPES + ")");
          }
          scopes.add(s.strip());
        }
      }
      if (keys.putIfAbsent(id, new Key(id, parts[1], Set.copyOf(scopes))) != null) {
        throw new IllegalArgumentException("PLATFORM_API_KEYS names key " + id + " twice");
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("PLATFORM_API_KEYS holds no key");
    }
    return new PlatformKeys(keys);
  }

  public Optional<Key> byId(String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  public Set<String> ids() {
    return byId.keySet();
  }

  @Override
  public String toString() {
    return "PlatformKeys" + byId.values();
  }
}
