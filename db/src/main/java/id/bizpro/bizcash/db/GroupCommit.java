package id.bizpro.bizcash.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers queue requests and wait; at most {@code writers} writer threads take
 * whatever is queued (up to {@code maxGroup}) and hand it to one {@code write} call — one statement
 * and one transaction — then give each caller its own result. Nothing waits to fill a group: a
 * request that arrives when a writer is free is written at once, alone; under load, requests that
 * arrive while a group is being written form the next group, so a commit, a round trip and the
 * locks are shared by as many requests as arrived meanwhile, with no added delay.
 *
 * <p>The engine of {@code P2pGroupCommit} (P2P transfers, {@code p2p_send_batch}) and {@code
 * PlatformCreditGroupCommit} (the platform API's credits, {@code platform_credit_batch}).
 *
 * <p>If a group's {@code write} fails, nothing of it committed (the writer's statement is the
 * transaction), and each of its requests is written again alone, so one bad request fails only
 * its own caller — the requests' idempotency keys make that retry safe. When the database cannot
 * be reached, every caller of the group gets the error at once instead. A caller returns only when
 * its outcome is final. Requests one caller queues together ({@link #submitAll}) are queued in
 * their order, with nobody else's in between. Thread-safe.
 *
 * @param <Q> a request
 * @param <R> its result
 */
public final class GroupCommit<Q, R> {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /** Statements run and requests they carried, since start. */
  public record Stats(long statements, long requests) {}

  private record Queued<Q, R>(Q request, CompletableFuture<R> result) {}

  private final String what;
  private final int maxWriters;
  private final int maxGroup;
  private final Function<List<Q>, List<R>> write;
  private final ArrayDeque<Queued<Q, R>> queue = new ArrayDeque<>();
  private final AtomicInteger writers = new AtomicInteger();
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  // Daemon threads that end after 10 s without work: an idle instance holds no thread.
  private final ExecutorService threads;

  /**
   * @param what what the requests are, for thread names and the log ("p2p", "platform-credit")
   * @param maxWriters writers at once
   * @param maxGroup requests per {@code write} call at most
   * @param write writes a group in one transaction and returns one result per request, in order
   */
  public GroupCommit(String what, int maxWriters, int maxGroup, Function<List<Q>, List<R>> write) {
    if (maxWriters < 1 || maxGroup < 1) {
      throw new IllegalArgumentException("maxWriters and maxGroup must be positive");
    }
    this.what = what;
    this.maxWriters = maxWriters;
    this.maxGroup = maxGroup;
    this.write = write;
    this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
        Thread.ofPlatform().name(what + "-group-commit-", 0).daemon().factory());
  }

  /** Writes one request; returns when its outcome is final. */
  public R submit(Q request) {
    return submitAll(List.of(request)).get(0);
  }

  /**
   * Writes {@code requests} in their order (in groups shared with other callers); one result per
   * request. Every request's outcome is final before the caller hears of any failure, so a retry of
   * the whole list finds the others recorded.
   */
  public List<R> submitAll(List<Q> requests) {
    List<Queued<Q, R>> mine = new ArrayList<>(requests.size());
    for (Q r : requests) {
      mine.add(new Queued<>(r, new CompletableFuture<>()));
    }
    synchronized (queue) {
      queue.addAll(mine);
    }
    if (tryStartWriter()) {
      threads.execute(this::write);
    }
    List<R> results = new ArrayList<>(requests.size());
    Throwable failure = null;
    for (Queued<Q, R> q : mine) {
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

  /** Requests waiting for a writer. */
  public int queued() {
    synchronized (queue) {
      return queue.size();
    }
  }

  public Stats stats() {
    return new Stats(statements.get(), written.get());
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

  private boolean tryStartWriter() {
    for (;;) {
      int n = writers.get();
      if (n >= maxWriters) {
        return false;
      }
      if (writers.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /**
   * A writer: writes groups until the queue is empty. After it stops counting itself it looks
   * again: a request queued while every writer was busy (so no new writer was started for it) is
   * seen by whichever writer stops last.
   */
  private void write() {
    do {
      try {
        List<Queued<Q, R>> group;
        while (!(group = take()).isEmpty()) {
          write(group);
        }
      } finally {
        writers.decrementAndGet();
      }
    } while (queued() > 0 && tryStartWriter());
  }

  private List<Queued<Q, R>> take() {
    List<Queued<Q, R>> group = new ArrayList<>();
    synchronized (queue) {
      Queued<Q, R> q;
      while (group.size() < maxGroup && (q = queue.poll()) != null) {
        group.add(q);
      }
    }
    return group;
  }

  private void write(List<Queued<Q, R>> group) {
    List<R> results;
    try {
      results = write.apply(group.stream().map(Queued::request).toList());
      if (results.size() != group.size()) {
        throw new IllegalStateException(what + ": " + results.size() + " results for " + group.size() + " requests");
      }
      statements.incrementAndGet();
      written.addAndGet(group.size());
    } catch (RuntimeException e) {
      if (group.size() == 1 || unreachable(e)) {
        // Without a database, writing each alone would only make every caller wait again.
        group.forEach(q -> q.result().completeExceptionally(e));
        return;
      }
      log.warn("A group of {} {} requests failed ({}); writing each alone", group.size(), what, e.toString());
      for (Queued<Q, R> q : group) {
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
