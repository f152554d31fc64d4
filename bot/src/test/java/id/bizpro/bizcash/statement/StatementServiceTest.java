package id.bizpro.bizcash.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.activity.WalletActivity;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.transfer.P2pTransfers;
import id.bizpro.bizcash.user.User;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class StatementServiceTest {
  @Test
  void a_statement_from_the_ledger_matches_the_wallet_and_names_counterparties_and_notes() throws Exception {
    try (LedgerFixture f = new LedgerFixture()) {
      User alice = f.user("alice");
      User bob = f.user("bob");
      f.fund(alice, 100_000);
      P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger);
      p2p.send("a", alice.id(), bob.id(), Money.rupiah(25_000), Optional.of("makan siang"));
      p2p.send("b", bob.id(), alice.id(), Money.rupiah(5_000), Optional.empty());
      StatementService service = new StatementService(new WalletActivity(f.db.jdbi()), Clock.systemUTC());
      LocalDate today = LocalDate.now(WalletActivity.WIB);

      var xlsx = service.generate(alice, today.withDayOfMonth(1), today, StatementFormat.XLSX, StatementLanguage.ID);
      var pdf = service.generate(alice, today.withDayOfMonth(1), today, StatementFormat.PDF, StatementLanguage.EN);
      try {
        assertEquals(Money.rupiah(f.balance(alice)), xlsx.summary().closing());
        assertEquals(Money.rupiah(105_000), xlsx.summary().totalIn());
        assertTrue(xlsx.fileName().startsWith("mutasi-bizcash-alice-"), xlsx.fileName());
        assertTrue(pdf.fileName().startsWith("bizcash-statement-alice-"), pdf.fileName());
        try (InputStream in = Files.newInputStream(xlsx.file()); XSSFWorkbook wb = new XSSFWorkbook(in)) {
          Sheet sheet = wb.getSheetAt(0);
          StringBuilder text = new StringBuilder();
          int numericBalances = 0;
          for (Row row : sheet) {
            for (Cell cell : row) {
              if (cell.getCellType() == CellType.STRING) {
                text.append(cell.getStringCellValue()).append('\n');
              } else if (cell.getCellType() == CellType.NUMERIC && cell.getNumericCellValue() == 80_000) {
                numericBalances++;
              }
            }
          }
          // Type, counterparty and note each in its own cell, in that order.
          assertTrue(text.toString().contains("Transfer keluar\n@bob\nmakan siang\n"), text.toString());
          assertTrue(text.toString().contains("Transfer masuk\n@bob\n"), text.toString());
          assertTrue(numericBalances >= 1, "the closing balance 80.000 is a number somewhere in the sheet");
        }
        try (var doc = Loader.loadPDF(pdf.file().toFile())) {
          String text = new PDFTextStripper().getText(doc);
          assertTrue(text.contains("Transfer to @bob"), text);
          assertTrue(text.contains("Note: makan siang"), text);
          assertTrue(text.contains("Rp 80.000"), text);
        }
      } finally {
        Files.deleteIfExists(xlsx.file());
        Files.deleteIfExists(pdf.file());
      }
    }
  }
}
