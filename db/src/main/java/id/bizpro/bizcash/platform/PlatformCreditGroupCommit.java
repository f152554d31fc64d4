package id.bizpro.bizcash.platform;

import id.bizpro.bizcash.transfer.P2pGroupCommit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for platform credits, the design of {@link P2pGroupCommit} on the platform's product
 * path (issue #19): callers (one credit from {@code POST /api/v1/credits}, up to 10,000 from {@code
 * POST /api/v1/credits/batch}) queue their credits and wait; a writer takes whatever is queued, up
 * to {@link #MAX_GROUP}, and writes it with one {@code platform_credit_batch} statement and one
 * commit, then hands each caller its results. Nothing waits to fill a group.
 *
 * <p>One writer, not two: every platform credit locks the platform account, so a second writer
 * would only wait for the first one's commit. A group whose statement fails is written again one
 * credit at a time, so a bad request fails alone (the keys make the retry safe); when the database
 * cannot be reached every caller of the group gets the error. Thread-safe.
 */
public final class PlatformCreditGroupCommit {
  private static final Logger log = LoggerFactory.getLogger(PlatformCreditGroupCommit.class);

  static final int WRITERS = 1;

  /** Credits per statement at most. */
  static final int MAX_GROUP = 1000;

  /** Statements run and credits they carried, since start. */
  public record Stats(long statements, long credits) {}

  private record Queued(PlatformCredits.Credit credit, CompletableFuture<PlatformCredits.Result> result) {}

  private final PlatformCredits credits;
  private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger writers = new AtomicInteger();
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final ExecutorService threads =
      new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
          Thread.ofPlatform().name("platform-group-commit-", 0).daemon().factory());

  public PlatformCreditGroupCommit(PlatformCredits credits) {
    this.credits = credits;
  }

  public PlatformCredits credits() {
    return credits;
  }

  /** Writes one credit; returns when its outcome is final. */
  public PlatformCredits.Result credit(PlatformCredits.Credit credit) {
    return credit(List.of(credit)).get(0);
  }

  /** Writes {@code batch} in order (in groups shared with other callers); one result per credit. */
  public List<PlatformCredits.Result> credit(List<PlatformCredits.Credit> batch) {
    List<Queued> mine = new ArrayList<>(batch.size());
    for (PlatformCredits.Credit c : batch) {
      Queued q = new Queued(c, new CompletableFuture<>());
      mine.add(q);
    }
    // Queued together, so a batch's credits are decided in its order.
    synchronized (queue) {
      queue.addAll(mine);
    }
    if (tryStartWriter()) {
      threads.execute(this::write);
    }
    // Every credit's outcome is final before the caller hears of any failure (a retry of the
    // batch then finds the others recorded and answers them duplicate).
    List<PlatformCredits.Result> results = new ArrayList<>(batch.size());
    Throwable failure = null;
    for (Queued q : mine) {
      try {
        results.add(q.result().join());
      } catch (CompletionException e) {
        if (failure == null) {
          failure = e.getCause() == null ? e : e.getCause();
        }
      }
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error err) {
      throw err;
    }
    if (failure != null) {
      throw new CompletionException(failure);
    }
    return results;
  }

  public Stats stats() {
    return new Stats(statements.get(), written.get());
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

  private List<Queued> take() {
    List<Queued> group = new ArrayList<>();
    synchronized (queue) {
      Queued q;
      while (group.size() < MAX_GROUP && (q = queue.poll()) != null) {
        group.add(q);
      }
    }
    return group;
  }

  private void write(List<Queued> group) {
    List<PlatformCredits.Result> results;
    try {
      results = credits.write(group.stream().map(Queued::credit).toList());
      statements.incrementAndGet();
      written.addAndGet(group.size());
    } catch (RuntimeException e) {
      if (group.size() == 1 || P2pGroupCommit.unreachable(e)) {
        group.forEach(q -> q.result().completeExceptionally(e));
        return;
      }
      log.warn("A group of {} platform credits failed ({}); writing each alone", group.size(), e.toString());
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
