package id.bizpro.bizcash.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A month with 100,000 entries must be written with a small heap: the writers run in a child JVM
 * limited to 256 MB. The time taken is printed, not asserted, because this machine is shared.
 */
class StatementHundredThousandRowsTest {
  private static final int ROWS = 100_000;
  private static final int CHILD_TIMEOUT_MINUTES = 4;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void hundred_thousand_rows_are_written_to_pdf_and_excel_within_256_mb_of_heap(@TempDir Path dir)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    // The child's output goes to a file, not a pipe: reading a pipe to its end would wait for the
    // child forever, and the timeout below could never fire.
    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(
            java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            StatementLoadRun.class.getName(), dir.toString(), Integer.toString(ROWS))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    boolean finished;
    try {
      finished = child.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
    } finally {
      child.destroyForcibly(); // never outlives the test, whatever ends it
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(finished, "child still running after " + CHILD_TIMEOUT_MINUTES + " minutes: " + output);
    System.out.println(output);
    assertEquals(0, child.exitValue(), output);

    Path pdf = dir.resolve("mutasi-bizcash-budi-2026-11.pdf");
    try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
      int pages = document.getNumberOfPages();
      assertTrue(pages > 1000, "pages: " + pages);
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      stripper.setStartPage(pages);
      stripper.setEndPage(pages);
      String lastPage = stripper.getText(document);
      assertTrue(lastPage.contains("Halaman " + pages + " dari " + pages), lastPage);
      assertTrue(lastPage.contains("WD-01869F"), "the last entry is on the last page: " + lastPage);
    }

    Path xlsx = dir.resolve("mutasi-bizcash-budi-2026-11.xlsx");
    try (ZipFile zip = new ZipFile(xlsx.toFile())) {
      ZipEntry sheet = zip.getEntry("xl/worksheets/sheet1.xml");
      // 8 summary rows, the heading, the entries and the totals row; counted by streaming the XML
      // because loading 100,000 rows into POI's in-memory model would dwarf the writer itself.
      assertEquals(8 + 1 + ROWS + 1, countRows(zip, sheet));
    }
    System.out.printf("pdf %.1f MB, xlsx %.1f MB%n", Files.size(pdf) / 1e6, Files.size(xlsx) / 1e6);
  }

  private static long countRows(ZipFile zip, ZipEntry sheet) throws IOException {
    byte[] needle = "<row ".getBytes(StandardCharsets.US_ASCII);
    long count = 0;
    int matched = 0;
    try (InputStream in = new java.io.BufferedInputStream(zip.getInputStream(sheet))) {
      for (int b = in.read(); b != -1; b = in.read()) {
        matched = b == needle[matched] ? matched + 1 : (b == needle[0] ? 1 : 0);
        if (matched == needle.length) {
          count++;
          matched = 0;
        }
      }
    }
    return count;
  }

}
