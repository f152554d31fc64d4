package id.bizpro.bizcash.platform;

import id.bizpro.bizcash.payment.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Links between BizPro accounts and BizCash users. The platform asks for a link ({@link
 * #request}) and gets a one-time token for a Telegram deep link; the user who opens it sees which
 * BizPro account asks and confirms ({@link #confirm}), which writes the link and the {@code
 * link.confirmed} callback in one transaction. A user removes a link from /settings ({@link
 * #remove}), which writes {@code link.removed}. At most one active link per BizPro account: a new
 * confirmation replaces the old link (and tells the platform it was removed). Thread-safe.
 */
public final class PlatformLinks {
  /** How long a link request's deep link can be used. */
  public static final Duration REQUEST_TTL = Duration.ofMinutes(30);

  /** The start payload of a deep link is {@code PAYLOAD_PREFIX + token}. */
  public static final String PAYLOAD_PREFIX = "link_";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A link request with the token to put in the deep link (the token is stored only as a digest). */
  public record Requested(long id, String token, Instant expiresAt) {}

  /** A link request as the user sees it. */
  public record Request(long id, String bizproUserId, String displayName, Instant expiresAt, Optional<Instant> usedAt) {}

  /** An active link. */
  public record Link(long id, String bizproUserId, long userId, String displayName, Instant createdAt) {}

  /** What confirming a request did. */
  public sealed interface Confirmed {
    record Linked(Link link) implements Confirmed {}

    record AlreadyUsed() implements Confirmed {}

    record Expired() implements Confirmed {}

    record NotFound() implements Confirmed {}
  }

  private final Jdbi jdbi;

  public PlatformLinks(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Stores a link request for {@code bizproUserId}, valid for {@link #REQUEST_TTL}. */
  public Requested request(String bizproUserId, String displayName, Instant now) {
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant expires = now.plus(REQUEST_TTL);
    long id = jdbi.withHandle(h -> h.createQuery(
            """
            INSERT INTO platform_link_requests (token_sha256, bizpro_user_id, display_name, expires_at, created_at)
            VALUES (:hash, :bizpro, :name, :expires, :now) RETURNING id
            """)
        .bind("hash", digest(token))
        .bind("bizpro", bizproUserId)
        .bind("name", displayName)
        .bind("expires", expires)
        .bind("now", now)
        .mapTo(Long.class).one());
    return new Requested(id, token, expires);
  }

  /** The request a deep link's token names, used or not, expired or not. */
  public Optional<Request> byToken(Handle h, String token) {
    return h.createQuery(
            "SELECT id, bizpro_user_id, display_name, expires_at, used_at FROM platform_link_requests WHERE token_sha256 = :hash")
        .bind("hash", digest(token))
        .map((rs, ctx) -> new Request(rs.getLong("id"), rs.getString("bizpro_user_id"), rs.getString("display_name"),
            rs.getTimestamp("expires_at").toInstant(),
            Optional.ofNullable(rs.getTimestamp("used_at")).map(java.sql.Timestamp::toInstant)))
        .findOne();
  }

  /** Confirms request {@code requestId} for {@code userId}, in the caller's transaction. */
  public Confirmed confirm(Handle h, long requestId, long userId, Instant now) {
    Optional<Request> req = h.createQuery(
            "SELECT id, bizpro_user_id, display_name, expires_at, used_at FROM platform_link_requests WHERE id = :id FOR UPDATE")
        .bind("id", requestId)
        .map((rs, ctx) -> new Request(rs.getLong("id"), rs.getString("bizpro_user_id"), rs.getString("display_name"),
            rs.getTimestamp("expires_at").toInstant(),
            Optional.ofNullable(rs.getTimestamp("used_at")).map(java.sql.Timestamp::toInstant)))
        .findOne();
    if (req.isEmpty()) {
      return new Confirmed.NotFound();
    }
    Request r = req.get();
    if (r.usedAt().isPresent()) {
      return new Confirmed.AlreadyUsed();
    }
    if (!now.isBefore(r.expiresAt())) {
      return new Confirmed.Expired();
    }
    // One active link per BizPro account: the one there was (if any) is replaced.
    Optional<Link> previous = active(h, r.bizproUserId(), true);
    previous.ifPresent(p -> removeLink(h, p, "relinked", now));
    Link link = h.createQuery(
            """
            INSERT INTO platform_links (bizpro_user_id, user_id, display_name, created_at)
            VALUES (:bizpro, :user, :name, :now)
            RETURNING id, bizpro_user_id, user_id, display_name, created_at
            """)
        .bind("bizpro", r.bizproUserId())
        .bind("user", userId)
        .bind("name", r.displayName())
        .bind("now", now)
        .map((rs, ctx) -> link(rs))
        .one();
    h.createUpdate("UPDATE platform_link_requests SET used_at = :now, used_by = :user WHERE id = :id")
        .bind("now", now).bind("user", userId).bind("id", requestId).execute();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("bizpro_user_id", link.bizproUserId());
    data.put("link_id", link.id());
    PlatformCallbacks.enqueue(h, PlatformCallbacks.Type.LINK_CONFIRMED, data, "link-confirmed:" + link.id(), now);
    return new Confirmed.Linked(link);
  }

  /** The user's active links, oldest first. */
  public List<Link> ofUser(Handle h, long userId) {
    return h.createQuery(
            "SELECT id, bizpro_user_id, user_id, display_name, created_at FROM platform_links "
                + "WHERE user_id = :user AND removed_at IS NULL ORDER BY id")
        .bind("user", userId)
        .map((rs, ctx) -> link(rs))
        .list();
  }

  /** Removes the user's link {@code linkId}; false when it is not an active link of theirs. */
  public boolean remove(Handle h, long userId, long linkId, Instant now) {
    Optional<Link> link = h.createQuery(
            "SELECT id, bizpro_user_id, user_id, display_name, created_at FROM platform_links "
                + "WHERE id = :id AND user_id = :user AND removed_at IS NULL FOR UPDATE")
        .bind("id", linkId).bind("user", userId)
        .map((rs, ctx) -> link(rs))
        .findOne();
    link.ifPresent(l -> removeLink(h, l, "user", now));
    return link.isPresent();
  }

  /** The active link of a BizPro account. */
  public Optional<Link> active(String bizproUserId) {
    return jdbi.withHandle(h -> active(h, bizproUserId, false));
  }

  private Optional<Link> active(Handle h, String bizproUserId, boolean forUpdate) {
    return h.createQuery(
            "SELECT id, bizpro_user_id, user_id, display_name, created_at FROM platform_links "
                + "WHERE bizpro_user_id = :bizpro AND removed_at IS NULL" + (forUpdate ? " FOR UPDATE" : ""))
        .bind("bizpro", bizproUserId)
        .map((rs, ctx) -> link(rs))
        .findOne();
  }

  private static void removeLink(Handle h, Link l, String removedBy, Instant now) {
    h.createUpdate("UPDATE platform_links SET removed_at = :now WHERE id = :id")
        .bind("now", now).bind("id", l.id()).execute();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("bizpro_user_id", l.bizproUserId());
    data.put("link_id", l.id());
    data.put("removed_by", removedBy);
    PlatformCallbacks.enqueue(h, PlatformCallbacks.Type.LINK_REMOVED, data, "link-removed:" + l.id(), now);
  }

  private static Link link(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Link(rs.getLong("id"), rs.getString("bizpro_user_id"), rs.getLong("user_id"),
        rs.getString("display_name"), rs.getTimestamp("created_at").toInstant());
  }

  private static String digest(String token) {
    return CanonicalJson.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
  }
}
