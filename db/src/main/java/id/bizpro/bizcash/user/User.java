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

  /** "@alice" when a username exists, else the first and last name. */
  public String displayName() {
    return username.map(u -> "@" + u).orElseGet(this::fullName);
  }

  public String fullName() {
    return lastName.map(l -> firstName + " " + l).orElse(firstName).strip();
  }
}
