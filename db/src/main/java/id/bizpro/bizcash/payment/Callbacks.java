package id.bizpro.bizcash.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code webhook_callbacks} table: every callback is stored before it is acted on. {@link
 * #claim} joins the caller's transaction, so the stored callback and its effect (credit, payout)
 * commit together; the unique (provider, event key) of accepted callbacks makes the effect happen
 * once per event even when the same event arrives on many connections at once — later claims wait
 * for the first transaction and then see it as a {@link Claim.Duplicate}, or as a {@link
 * Claim.Conflict} when their body is different JSON ({@link CanonicalJson}). Thread-safe, stateless.
 */
public final class Callbacks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;

  public Callbacks(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A callback as it arrived. {@code eventKey} is empty when the body did not yield one. */
  public record Received(String provider, Optional<String> eventKey, String rawBody, Map<String, String> headers) {}

  /** What handling a callback came to, stored on its row and repeated to duplicates. */
  public record Outcome(
      String outcome, int httpStatus, Optional<String> error, Optional<String> subject, Optional<Long> amountRupiah,
      boolean needsReview) {

    public static Outcome of(String outcome, int httpStatus) {
      return new Outcome(outcome, httpStatus, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    public Outcome about(String subject, Long amountRupiah) {
      return new Outcome(outcome, httpStatus, error, Optional.ofNullable(subject), Optional.ofNullable(amountRupiah), needsReview);
    }

    public Outcome withError(String message) {
      return new Outcome(outcome, httpStatus, Optional.ofNullable(message), subject, amountRupiah, needsReview);
    }

    public Outcome forReview() {
      return new Outcome(outcome, httpStatus, error, subject, amountRupiah, true);
    }
  }

  /** A stored callback row. */
  public record Stored(long id, String provider, Optional<String> eventKey, String outcome, int httpStatus, Optional<String> error,
      Optional<String> subject) {}

  /** The result of claiming an event for handling. */
  public sealed interface Claim {
    /** First delivery: act on it in this transaction, then {@link #finish}. */
    record New(long id) implements Claim {}

    /** The event was accepted before with the same body; answer with the first outcome and change nothing. */
    record Duplicate(Stored first) implements Claim {}

    /**
     * The event was accepted before with a different body: nothing may change, the first outcome
     * stands, and this delivery is for a human to look at ({@link #recordConflict}).
     */
    record Conflict(Stored first, String jsonSha256) implements Claim {}
  }

  /** A conflicting delivery as stored: {@code firstReport} is false when this very body had already been recorded. */
  public record ConflictRecord(long id, boolean firstReport) {}

  /**
   * Stores the callback as accepted-and-being-handled, inside the caller's transaction. A
   * concurrent claim of the same event blocks on the unique index until this transaction ends.
   */
  public Claim claim(Handle h, Received r) {
    String key = r.eventKey().orElseThrow(() -> new IllegalArgumentException("an accepted callback needs an event key"));
    String digest = CanonicalJson.sha256(r.rawBody());
    Optional<Long> id =
        h.createQuery(
                """
                INSERT INTO webhook_callbacks (provider, event_key, raw_body, headers, json_sha256)
                VALUES (:p, :k, :body, CAST(:headers AS jsonb), :digest)
                ON CONFLICT (provider, event_key) WHERE accepted DO NOTHING
                RETURNING id
                """)
            .bind("p", r.provider())
            .bind("k", key)
            .bind("body", r.rawBody())
            .bind("headers", json(r.headers()))
            .bind("digest", digest)
            .mapTo(Long.class)
            .findOne();
    if (id.isPresent()) {
      return new Claim.New(id.get());
    }
    // The conflicting row committed (READ COMMITTED: this new statement sees it). Rows from before
    // V94 have no digest: only those send their body back to be digested here.
    record First(Stored stored, String digest) {}
    First first =
        h.createQuery(
                """
                SELECT id, provider, event_key, outcome, http_status, error, subject, json_sha256,
                       CASE WHEN json_sha256 IS NULL THEN raw_body END AS legacy_body
                FROM webhook_callbacks WHERE provider = :p AND event_key = :k AND accepted
                """)
            .bind("p", r.provider())
            .bind("k", key)
            .map((rs, ctx) -> new First(
                new Stored(
                    rs.getLong("id"), rs.getString("provider"), Optional.ofNullable(rs.getString("event_key")),
                    rs.getString("outcome"), rs.getInt("http_status"), Optional.ofNullable(rs.getString("error")),
                    Optional.ofNullable(rs.getString("subject"))),
                rs.getString("json_sha256") != null
                    ? rs.getString("json_sha256")
                    : CanonicalJson.sha256(rs.getString("legacy_body"))))
            .one();
    return first.digest().equals(digest)
        ? new Claim.Duplicate(first.stored())
        : new Claim.Conflict(first.stored(), digest);
  }

  /**
   * Stores a conflicting delivery whole (it was authenticated) for an admin, inside the caller's
   * transaction. It never holds the event key. The same conflicting body delivered again (the
   * sender retrying the 409) finds its first record and adds nothing.
   */
  public ConflictRecord recordConflict(Handle h, Received r, Claim.Conflict c, Outcome o) {
    Optional<Long> id =
        h.createQuery(
                """
                INSERT INTO webhook_callbacks (provider, event_key, accepted, raw_body, headers, json_sha256, outcome,
                                               http_status, error, subject, needs_review)
                VALUES (:p, :k, false, :body, CAST(:headers AS jsonb), :digest, :o, :s, :e, :subj, :review)
                ON CONFLICT (provider, event_key, json_sha256) WHERE outcome = 'conflict' DO NOTHING
                RETURNING id
                """)
            .bind("p", r.provider())
            .bind("k", c.first().eventKey().orElseThrow())
            .bind("body", r.rawBody())
            .bind("headers", json(r.headers()))
            .bind("digest", c.jsonSha256())
            .bind("o", o.outcome())
            .bind("s", o.httpStatus())
            .bind("e", o.error().orElse(null))
            .bind("subj", o.subject().orElse(null))
            .bind("review", o.needsReview())
            .mapTo(Long.class)
            .findOne();
    if (id.isPresent()) {
      return new ConflictRecord(id.get(), true);
    }
    return new ConflictRecord(
        h.createQuery(
                "SELECT id FROM webhook_callbacks WHERE provider = :p AND event_key = :k AND json_sha256 = :digest "
                    + "AND outcome = 'conflict'")
            .bind("p", r.provider())
            .bind("k", c.first().eventKey().orElseThrow())
            .bind("digest", c.jsonSha256())
            .mapTo(Long.class)
            .one(),
        false);
  }

  /**
   * Records what the claimed callback came to. An answer of 4xx releases the event key (the row
   * stays for the record) so that a corrected, valid delivery of the same event is still handled.
   */
  public void finish(Handle h, long id, Outcome o) {
    h.createUpdate(
            """
            UPDATE webhook_callbacks SET outcome = :o, http_status = :s, error = :e, subject = :subj, amount = :a,
                   needs_review = :review, accepted = :accepted
            WHERE id = :id
            """)
        .bind("o", o.outcome())
        .bind("s", o.httpStatus())
        .bind("e", o.error().orElse(null))
        .bind("subj", o.subject().orElse(null))
        .bind("a", o.amountRupiah().orElse(null))
        .bind("review", o.needsReview())
        .bind("accepted", o.httpStatus() < 400)
        .bind("id", id)
        .execute();
  }

  /**
   * Stores a callback that was refused before any effect (bad signature, malformed body), in a
   * transaction of its own. It never holds the event key, so it cannot block a valid delivery.
   */
  public long recordRefused(Received r, Outcome o) {
    return jdbi.withHandle(h -> recordRefused(h, r, o));
  }

  /** Stores an extra row inside the caller's transaction (e.g. one per bank mutation of a push). */
  public long recordRefused(Handle h, Received r, Outcome o) {
    return h.createQuery(
            """
            INSERT INTO webhook_callbacks (provider, event_key, accepted, raw_body, headers, outcome, http_status,
                                           error, subject, amount, needs_review)
            VALUES (:p, :k, false, :body, CAST(:headers AS jsonb), :o, :s, :e, :subj, :a, :review)
            RETURNING id
            """)
        .bind("p", r.provider())
        .bind("k", r.eventKey().orElse(null))
        .bind("body", r.rawBody())
        .bind("headers", json(r.headers()))
        .bind("o", o.outcome())
        .bind("s", o.httpStatus())
        .bind("e", o.error().orElse(null))
        .bind("subj", o.subject().orElse(null))
        .bind("a", o.amountRupiah().orElse(null))
        .bind("review", o.needsReview())
        .mapTo(Long.class)
        .one();
  }

  /**
   * Stores a request refused before it was authenticated as a bounded record, in a transaction of
   * its own: {@code r.rawBody()} is already cut to a sample by the caller, {@code bodyBytes} and
   * {@code bodySha256} describe the whole body. A stranger's request must not cost more storage
   * than this, however large it was.
   */
  public long recordUnauthenticated(Received r, long bodyBytes, String bodySha256, Outcome o) {
    return jdbi.withHandle(h -> h.createQuery(
            """
            INSERT INTO webhook_callbacks (provider, event_key, accepted, raw_body, headers, outcome, http_status,
                                           error, body_bytes, body_sha256)
            VALUES (:p, :k, false, :body, CAST(:headers AS jsonb), :o, :s, :e, :bytes, :sha)
            RETURNING id
            """)
        .bind("p", r.provider())
        .bind("k", r.eventKey().orElse(null))
        .bind("body", r.rawBody())
        .bind("headers", json(r.headers()))
        .bind("o", o.outcome())
        .bind("s", o.httpStatus())
        .bind("e", o.error().orElse(null))
        .bind("bytes", (int) Math.min(Integer.MAX_VALUE, bodyBytes))
        .bind("sha", bodySha256)
        .mapTo(Long.class)
        .one());
  }

  private static String json(Map<String, String> headers) {
    try {
      return JSON.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("headers are not serialisable", e);
    }
  }
}
