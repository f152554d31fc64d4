package id.bizpro.bizcash.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a test's tasks on many threads at once and waits for them with a deadline, so that a
 * deadlock or a lost wake-up fails the test with the stuck threads' stacks instead of hanging the
 * build. Stateless; each call uses a pool of its own and stops it before returning.
 */
public final class Concurrently {
  /** How long a batch of tasks may take unless the caller says otherwise: far above any normal run. */
  public static final Duration WAIT = Duration.ofSeconds(90);

  private static final AtomicInteger pools = new AtomicInteger();

  private Concurrently() {}

  /** {@link #run(int, List, Duration)} with the default {@link #WAIT}. */
  public static <T> List<T> run(int threads, List<? extends Callable<T>> tasks) throws Exception {
    return run(threads, tasks, WAIT);
  }

  /**
   * Releases every task at once (one latch) on {@code threads} threads and returns their results in
   * task order. A task that throws fails the call with an {@link ExecutionException} carrying its
   * exception; tasks not finished {@code wait} after the start fail it with an {@link
   * AssertionError} that shows where each pool thread is stuck.
   */
  public static <T> List<T> run(int threads, List<? extends Callable<T>> tasks, Duration wait) throws Exception {
    String prefix = "concurrently-" + pools.incrementAndGet() + "-";
    AtomicInteger names = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, r -> new Thread(r, prefix + names.incrementAndGet()));
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      long deadline = System.nanoTime() + wait.toNanos();
      List<T> out = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          out.add(futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
          throw new AssertionError(
              "task " + i + " of " + futures.size() + " not done " + wait.toSeconds() + " s after the start; "
                  + "the pool's threads:\n" + stacks(prefix), e);
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** The stack of every live thread whose name starts with {@code prefix}. */
  public static String stacks(String prefix) {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey().getName().startsWith(prefix)) {
        s.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState()).append('\n');
        for (StackTraceElement frame : e.getValue()) {
          s.append("    at ").append(frame).append('\n');
        }
      }
    }
    return s.toString();
  }
}
