package id.bizpro.bizcash.transfer;

import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for P2P transfers that run in a transaction of their own. Callers queue their
 * transfer and wait; at most {@link #WRITERS} writer threads take whatever is queued (up to {@link
 * #MAX_GROUP}) and write it with one statement ({@code p2p_send_batch}) in one transaction, then
 * hand each caller its own result. Nothing waits to fill a group: a transfer that arrives when a
 * writer is free is written at once, alone; under load, transfers that arrive while a group is
 * being written form the next group. So a commit, a round trip and a lock acquisition are shared
 * by as many transfers as arrived meanwhile, with no added delay.
 *
 * <p>No conversation uses it: a chat's confirm step joins its turn's transaction. It is the engine
 * the platform API's bulk credits will use (issue #19: many transfers from one settlement account
 * arriving at once), and what {@code ledger.uniform} in the {@code bench} module measures. It is
 * product code, not a benchmark helper.
 *
 * <p>Each transfer gets exactly the outcome it would get alone (see {@code p2p_send_batch}). If a
 * group's statement fails, nothing of it committed, and each of its transfers is written again
 * alone, so one bad request fails only its own caller; the idempotency keys make that retry safe.
 * When the database cannot be reached, every caller of the group gets the error at once instead.
 * A caller returns only when its outcome is final. Thread-safe.
 */
public final class P2pGroupCommit {
  private static final Logger log = LoggerFactory.getLogger(P2pGroupCommit.class);

  /**
   * Writers at once. Measured on 2 cores (BENCHMARKS.md): one leaves the database a core idle,
   * three make groups smaller and wait for each other's locks on hot wallets.
   */
  static final int WRITERS = 2;

  /** Transfers per statement at most (a statement's locks and arrays stay small). */
  static final int MAX_GROUP = 64;

  /** Statements run and transfers they carried, since start. */
  public record Stats(long statements, long transfers) {}

  private record Queued(TransferRequest.P2p request, CompletableFuture<LedgerResult> result) {}

  private final Jdbi jdbi;
  private final Ledger ledger;
  private final Optional<Money> dailyMoneyOut;
  private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger writers = new AtomicInteger();
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong transfers = new AtomicLong();
  // Daemon threads that end after 10 s without work: an idle instance holds no thread.
  private final ExecutorService threads =
      new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
          Thread.ofPlatform().name("p2p-group-commit-", 0).daemon().factory());

  P2pGroupCommit(Jdbi jdbi, Ledger ledger, Optional<Money> dailyMoneyOut) {
    this.jdbi = jdbi;
    this.ledger = ledger;
    this.dailyMoneyOut = dailyMoneyOut;
  }

  LedgerResult send(TransferRequest.P2p request) {
    Queued q = new Queued(request, new CompletableFuture<>());
    queue.add(q);
    if (tryStartWriter()) {
      threads.execute(this::write);
    }
    try {
      return q.result().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Transfers waiting for a writer (tests). */
  int queued() {
    return queue.size();
  }

  Stats stats() {
    return new Stats(statements.get(), transfers.get());
  }

  private boolean tryStartWriter() {
    for (;;) {
      int n = writers.get();
      if (n >= WRITERS) {
        return false;
      }
      if (writers.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /**
   * A writer: writes groups until the queue is empty. After it stops counting itself it looks
   * again: a transfer queued while every writer was busy (so no new writer was started for it) is
   * seen by whichever writer stops last.
   */
  private void write() {
    do {
      try {
        List<Queued> group;
        while (!(group = take()).isEmpty()) {
          write(group);
        }
      } finally {
        writers.decrementAndGet();
      }
    } while (!queue.isEmpty() && tryStartWriter());
  }

  /**
   * True when the failure is the database being out of reach (no connection, connection lost,
   * server shutting down or out of resources), not something about the group's requests.
   */
  public static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")) {
          return true;
        }
      }
    }
    return false;
  }

  private List<Queued> take() {
    List<Queued> group = new ArrayList<>();
    Queued q;
    while (group.size() < MAX_GROUP && (q = queue.poll()) != null) {
      group.add(q);
    }
    return group;
  }

  private void write(List<Queued> group) {
    List<LedgerResult> results;
    try {
      List<TransferRequest.P2p> requests = group.stream().map(Queued::request).toList();
      // Autocommit: the one statement is the transaction.
      results = jdbi.withHandle(h -> ledger.sendP2p(h, requests, dailyMoneyOut));
      statements.incrementAndGet();
      transfers.addAndGet(group.size());
    } catch (RuntimeException e) {
      if (group.size() == 1 || unreachable(e)) {
        // Without a database, writing each alone would only make every caller wait again.
        group.forEach(q -> q.result().completeExceptionally(e));
        return;
      }
      log.warn("A group of {} transfers failed ({}); writing each alone", group.size(), e.toString());
      for (Queued q : group) {
        write(List.of(q));
      }
      return;
    } catch (Throwable t) {
      group.forEach(q -> q.result().completeExceptionally(t));
      throw t;
    }
    for (int i = 0; i < group.size(); i++) {
      group.get(i).result().complete(results.get(i));
    }
  }
}
