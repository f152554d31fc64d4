package id.bizpro.bizcash.user;

import java.util.Optional;

/** What Telegram tells us about a user on every update. Immutable. */
public record TelegramProfile(
    long telegramId,
    Optional<String> username,
    String firstName,
    Optional<String> lastName,
    Optional<String> languageCode) {}
