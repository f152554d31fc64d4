package id.bizpro.bizcash.user;

import java.util.Optional;

/** A registered Telegram user as BizCash knows them. Immutable. */
public record User(
    long id,
    long telegramId,
    Optional<String> username,
    String firstName,
    Optional<String> lastName,
    Language language) {

  /**
   * How other people see this user ({@link DisplayNames#of}): "@alice" when a username exists,
   * else the cleaned first and last name; empty when nothing visible is left, and the caller shows
   * its placeholder.
   */
  public Optional<String> displayName() {
    return DisplayNames.of(username, firstName, lastName);
  }

  /** The cleaned first and last name ({@link DisplayNames#name}); empty when nothing visible is left. */
  public String fullName() {
    return DisplayNames.name(firstName, lastName.orElse(null)).orElse("");
  }
}
