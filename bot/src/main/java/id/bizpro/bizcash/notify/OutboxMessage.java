package id.bizpro.bizcash.notify;

import id.bizpro.bizcash.user.Language;
import java.time.Instant;
import java.util.Map;

/**
 * One claimed outbox row, with the recipient's language resolved (the user's own, or for rows
 * without a user such as admin alerts, that of the registered user with this chat id; Indonesian
 * otherwise). Immutable.
 */
public record OutboxMessage(
    long id, long chatId, String kind, Map<String, Object> params, int attempts, Instant createdAt, Language language) {}
