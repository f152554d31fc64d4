package id.bizpro.bizcash.bench;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One benchmark's summary, printed as the fixed line
 * {@code BENCH name=… value=… unit=… [baseline=…] [ratio=…] [p50_ms=…] [p99_ms=…]}. Immutable.
 */
public record BenchResult(
    String name,
    double value,
    String unit,
    OptionalDouble baseline,
    OptionalDouble ratio,
    OptionalDouble p50Ms,
    OptionalDouble p99Ms) {

  public static BenchResult of(String name, double value, String unit) {
    return new BenchResult(name, value, unit, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
  }

  public BenchResult withBaseline(double baseline, boolean higherIsBetter) {
    double ratio = higherIsBetter ? value / baseline : baseline / value;
    return new BenchResult(name, value, unit, OptionalDouble.of(baseline), OptionalDouble.of(ratio), p50Ms, p99Ms);
  }

  public BenchResult withLatency(double p50, double p99) {
    return new BenchResult(name, value, unit, baseline, ratio, OptionalDouble.of(p50), OptionalDouble.of(p99));
  }

  public String line() {
    StringBuilder s = new StringBuilder("BENCH name=").append(name)
        .append(" value=").append(num(value))
        .append(" unit=").append(unit);
    baseline.ifPresent(b -> s.append(" baseline=").append(num(b)));
    ratio.ifPresent(r -> s.append(" ratio=").append(String.format(Locale.ROOT, "%.3f", r)));
    p50Ms.ifPresent(p -> s.append(" p50_ms=").append(num(p)));
    p99Ms.ifPresent(p -> s.append(" p99_ms=").append(num(p)));
    return s.toString();
  }

  private static String num(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3f", v);
  }

  /** Percentile (0-100) of sorted nanosecond samples, in milliseconds. */
  public static double percentileMs(long[] sortedNanos, double pct) {
    if (sortedNanos.length == 0) {
      return 0;
    }
    int idx = (int) Math.min(sortedNanos.length - 1, Math.ceil(pct / 100.0 * sortedNanos.length) - 1);
    return sortedNanos[Math.max(0, idx)] / 1e6;
  }

}
