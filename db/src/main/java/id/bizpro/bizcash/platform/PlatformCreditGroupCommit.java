package id.bizpro.bizcash.platform;

import id.bizpro.bizcash.db.GroupCommit;
import java.util.List;

/**
 * Group commit ({@link GroupCommit}) for platform credits (issue #19): callers (one credit from
 * {@code POST /api/v1/credits}, up to 10,000 from {@code POST /api/v1/credits/batch}) queue their
 * credits and wait; a writer takes whatever is queued, up to {@link #MAX_GROUP}, and writes it with
 * one {@code platform_credit_batch} statement and one commit. A batch's credits are queued together,
 * so they are decided in its order.
 *
 * <p>One writer, not two: every platform credit locks the platform account, so a second writer
 * would only wait for the first one's commit. A statement of 1,000 credits takes about 0.1 s
 * (BENCHMARKS.md, {@code platform.batch}). Thread-safe.
 */
public final class PlatformCreditGroupCommit {
  static final int WRITERS = 1;

  /** Credits per statement at most. */
  static final int MAX_GROUP = 1000;

  private final PlatformCredits credits;
  private final GroupCommit<PlatformCredits.Credit, PlatformCredits.Result> engine;

  public PlatformCreditGroupCommit(PlatformCredits credits) {
    this.credits = credits;
    this.engine = new GroupCommit<>("platform-credit", WRITERS, MAX_GROUP, credits::write);
  }

  public PlatformCredits credits() {
    return credits;
  }

  /** Writes one credit; returns when its outcome is final. */
  public PlatformCredits.Result credit(PlatformCredits.Credit credit) {
    return engine.submit(credit);
  }

  /** Writes {@code batch} in order (in groups shared with other callers); one result per credit. */
  public List<PlatformCredits.Result> credit(List<PlatformCredits.Credit> batch) {
    return engine.submitAll(batch);
  }

  public GroupCommit.Stats stats() {
    return engine.stats();
  }
}
