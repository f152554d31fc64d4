package id.bizpro.bizcash.ppob;

import id.bizpro.bizcash.money.Money;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * BizPro's deposit at the PPOB provider as last read (at each catalogue sync and from {@code
 * buyer_last_saldo} after every purchase), in the one {@code ppob_state} row, with whether the
 * admins were alerted about its current dip below PPOB_MIN_DEPOSIT_ALERT. Thread-safe.
 */
public final class PpobDeposit {
  private final Jdbi jdbi;

  public PpobDeposit(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Records the provider deposit as read now; true when it just fell below {@code alertBelow} (the
   * alert is due once per dip: it is re-armed when the deposit is back at or above it).
   */
  public boolean record(Handle h, Money deposit, Money alertBelow) {
    boolean below = deposit.isLessThan(alertBelow);
    Boolean wasAlerted = h.createQuery("SELECT below_alerted FROM ppob_state WHERE id = 1 FOR UPDATE")
        .mapTo(Boolean.class).one();
    h.createUpdate("UPDATE ppob_state SET deposit = :d, deposit_read_at = now(), below_alerted = :b WHERE id = 1")
        .bind("d", deposit.rupiah())
        .bind("b", below)
        .execute();
    return below && !wasAlerted;
  }

  /** The deposit as last read, and when. */
  public Optional<Map.Entry<Money, Instant>> last() {
    return jdbi.withHandle(h -> h.createQuery("SELECT deposit, deposit_read_at FROM ppob_state WHERE id = 1 AND deposit IS NOT NULL")
        .map((rs, ctx) -> Map.entry(Money.rupiah(rs.getLong(1)), rs.getTimestamp(2).toInstant()))
        .findOne());
  }
}
