package id.bizpro.bizcash.suspense;

import id.bizpro.bizcash.money.Money;
import java.time.Instant;
import id.bizpro.bizcash.outbox.Outbox;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Users whose money-out (transfers, withdrawals) is blocked because a gateway took back a payment
 * that had been credited and their wallet no longer held all of it. A block stays until an admin
 * resolves it; at most one block per reversed order. Thread-safe, stateless.
 */
public final class MoneyOutBlocks {
  private final Jdbi jdbi;

  public MoneyOutBlocks(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** An open or resolved block. */
  public record Block(long id, long userId, String reference, Money shortfall, String reason, Instant createdAt,
      Optional<Instant> resolvedAt) {}

  /** Blocks the user's money-out in the caller's transaction (once per order reference). */
  public void block(Handle h, long userId, String reference, Money shortfall, String reason) {
    h.createUpdate(
            """
            INSERT INTO money_out_blocks (user_id, reference, shortfall, reason) VALUES (:u, :ref, :s, :why)
            ON CONFLICT (reference) DO NOTHING
            """)
        .bind("u", userId)
        .bind("ref", reference)
        .bind("s", shortfall.rupiah())
        .bind("why", reason)
        .execute();
  }

  /** The user's oldest open block, if any: money-out is refused while there is one. */
  public Optional<Block> openFor(Handle h, long userId) {
    return h.createQuery(SELECT + " WHERE user_id = :u AND resolved_at IS NULL ORDER BY id LIMIT 1")
        .bind("u", userId)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  public Optional<Block> openFor(long userId) {
    return jdbi.withHandle(h -> openFor(h, userId));
  }

  /** Open blocks, oldest first. */
  public List<Block> open(int limit) {
    return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE resolved_at IS NULL ORDER BY id LIMIT :n")
        .bind("n", limit)
        .map((rs, ctx) -> map(rs))
        .list());
  }

  /** Lifts a block; false when it was already lifted or does not exist. */
  public boolean resolve(long blockId, long adminTelegramId, String note) {
    return jdbi.withHandle(h -> resolve(h, blockId, adminTelegramId, note));
  }

  /** {@link #resolve(long, long, String)} in the caller's transaction; tells the user it is lifted. */
  public boolean resolve(Handle h, long blockId, long adminTelegramId, String note) {
    boolean lifted = h.createUpdate(
                """
                UPDATE money_out_blocks SET resolved_at = now(), resolved_by = :admin, resolution_note = :note
                WHERE id = :id AND resolved_at IS NULL
                """)
            .bind("admin", adminTelegramId)
            .bind("note", note)
            .bind("id", blockId)
            .execute()
        == 1;
    if (lifted) {
      h.createQuery("SELECT user_id, reference FROM money_out_blocks WHERE id = :id").bind("id", blockId)
          .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
          .findOne()
          .ifPresent(b -> Outbox.enqueueForUser(h, b.getKey(), Outbox.Kind.MONEY_OUT_UNBLOCKED,
              Map.of("reference", b.getValue()), "money-out-unblocked:" + blockId));
    }
    return lifted;
  }

  private static final String SELECT =
      "SELECT id, user_id, reference, shortfall, reason, created_at, resolved_at FROM money_out_blocks";

  private static Block map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Block(rs.getLong("id"), rs.getLong("user_id"), rs.getString("reference"),
        Money.rupiah(rs.getLong("shortfall")), rs.getString("reason"), rs.getTimestamp("created_at").toInstant(),
        Optional.ofNullable(rs.getTimestamp("resolved_at")).map(java.sql.Timestamp::toInstant));
  }
}
