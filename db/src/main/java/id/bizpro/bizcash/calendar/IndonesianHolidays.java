package id.bizpro.bizcash.calendar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Indonesia's national holidays and cuti bersama as shipped in {@value #RESOURCE}: the calendar
 * a withdrawal's latest payout date uses when {@code HOLIDAYS} is not set. The file says where
 * each year's dates come from, which are tentative, and how to update it. Read once per JVM; the
 * values are immutable and thread-safe.
 */
public final class IndonesianHolidays {
  /** Classpath location of the list, in the {@code db} module's resources. */
  public static final String RESOURCE = "calendar/indonesia-holidays.csv";

  /** One row of the list. */
  public record Holiday(LocalDate date, Kind kind, Status status, String name) {}

  /** A national holiday (libur nasional) or a day of collective leave (cuti bersama). */
  public enum Kind { LIBUR, CUTI }

  /**
   * OFFICIAL: in the year's SKB 3 Menteri; FIXED: a date no SKB moves (set by law or by Easter);
   * TENTATIVE: an estimate until the SKB is out.
   */
  public enum Status { OFFICIAL, FIXED, TENTATIVE }

  private IndonesianHolidays() {}

  /** Every row, in file order. */
  public static List<Holiday> all() {
    return Loaded.HOLIDAYS;
  }

  /** The dates of every row. */
  public static Set<LocalDate> dates() {
    return Loaded.DATES;
  }

  /** Lazy holder: the file is read the first time the defaults are needed, once. */
  private static final class Loaded {
    static final List<Holiday> HOLIDAYS = read();
    static final Set<LocalDate> DATES =
        HOLIDAYS.stream().map(Holiday::date).collect(Collectors.toUnmodifiableSet());
  }

  private static List<Holiday> read() {
    InputStream in = IndonesianHolidays.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(RESOURCE + " is missing from the classpath");
    }
    List<Holiday> rows = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        rows.add(parse(line, number));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE, e);
    }
    return List.copyOf(rows);
  }

  // A broken row is a packaging bug, not configuration: fail loudly with the line number.
  private static Holiday parse(String line, int number) {
    String[] cells = line.split(",", 4);
    try {
      if (cells.length != 4 || cells[3].isBlank()) {
        throw new IllegalArgumentException("expected date,kind,status,name");
      }
      return new Holiday(
          LocalDate.parse(cells[0].strip()),
          Kind.valueOf(cells[1].strip().toUpperCase(java.util.Locale.ROOT)),
          Status.valueOf(cells[2].strip().toUpperCase(java.util.Locale.ROOT)),
          cells[3].strip());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalStateException(RESOURCE + " line " + number + ": " + e.getMessage() + ": " + line, e);
    }
  }
}
