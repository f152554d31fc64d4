package id.bizpro.bizcash.statement;

import java.util.List;
import java.util.function.Consumer;

/**
 * The rows of one statement, oldest first, handed to a sink one at a time so that a long period
 * (100,000 entries) never sits in memory at once. The database side implements it by streaming a
 * cursor; tests implement it with a list or a generator.
 *
 * <p>Contract: a {@link StatementWriter} calls {@link #forEach} exactly once, on the thread that
 * called {@code write}, and the implementation calls the sink once per entry in ledger order (the
 * order in which each {@code balanceAfter} follows from the previous one). If the sink throws —
 * for example because the rows do not add up — the exception must propagate out of {@code
 * forEach}, and the implementation must still release its cursor (try-with-resources). Thread
 * safety is the implementation's; the writers never call it from two threads.
 */
@FunctionalInterface
public interface StatementRows {

  void forEach(Consumer<? super StatementLine> sink);

  /** Rows already in memory; fine for short periods and tests. */
  static StatementRows of(List<StatementLine> lines) {
    List<StatementLine> copy = List.copyOf(lines);
    return copy::forEach;
  }

  /** A period without entries. */
  static StatementRows none() {
    return sink -> {};
  }
}
