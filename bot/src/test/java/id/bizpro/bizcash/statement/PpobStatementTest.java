package id.bizpro.bizcash.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.activity.WalletActivity;
import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.ppob.PpobCatalogue;
import id.bizpro.bizcash.ppob.PpobProvider;
import id.bizpro.bizcash.ppob.PpobPurchase;
import id.bizpro.bizcash.ppob.PpobPurchases;
import id.bizpro.bizcash.ppob.PpobSettings;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** PPOB purchases in a statement: product, masked phone number, SN; a refunded one as a refund. */
class PpobStatementTest {
  @Test
  void purchases_and_refunds_appear_with_product_masked_destination_and_sn() throws Exception {
    try (LedgerFixture f = new LedgerFixture()) {
      User alice = f.user("alice");
      f.fund(alice, 200_000);
      PpobCatalogue catalogue = new PpobCatalogue(f.db.jdbi());
      catalogue.sync(List.of(new PpobProvider.Product("tsel50", "Telkomsel 50.000", "Pulsa", "TELKOMSEL", "Umum",
          Money.rupiah(50_100), false, true, true, true, 0, "", "", "")), false);
      PpobPurchases purchases = new PpobPurchases(f.db.jdbi(), f.ledger, catalogue, PpobSettings.Markup.flat(1_500),
          new AbuseLimits(20, Duration.ofSeconds(10), 3, Money.rupiah(10_000_000)), PaymentAlerts.none());
      PpobPurchase ok = hold(f, purchases, alice, "k1");
      PpobPurchase failed = hold(f, purchases, alice, "k2");
      purchases.settle(ok.reference(), new PpobPurchases.Outcome.Success(Optional.of("0412345678901234"),
          Optional.of(Money.rupiah(50_100)), "00", "Sukses"), "provider");
      purchases.settle(failed.reference(), new PpobPurchases.Outcome.Failed("54", "Nomor tujuan salah"), "provider");

      StatementService service = new StatementService(new WalletActivity(f.db.jdbi()), Clock.systemUTC());
      LocalDate today = LocalDate.now(WalletActivity.WIB);
      var xlsx = service.generate(alice, today.withDayOfMonth(1), today, StatementFormat.XLSX, StatementLanguage.ID);
      try {
        assertEquals(Money.rupiah(200_000 - 51_600), xlsx.summary().closing());
        StringBuilder text = new StringBuilder();
        try (InputStream in = Files.newInputStream(xlsx.file()); XSSFWorkbook wb = new XSSFWorkbook(in)) {
          for (Row row : wb.getSheetAt(0)) {
            for (Cell cell : row) {
              if (cell.getCellType() == CellType.STRING) {
                text.append(cell.getStringCellValue()).append('\n');
              }
            }
          }
        }
        String s = text.toString();
        assertTrue(s.contains("Pembelian PPOB\nTelkomsel 50.000 → 0812****7890 · SN 0412345678901234"), s);
        assertTrue(s.contains("Pembelian PPOB dikembalikan"), s);
        assertTrue(!s.contains("081234567890"), "the full phone number is not in the statement: " + s);
      } finally {
        Files.deleteIfExists(xlsx.file());
      }
    }
  }

  private static PpobPurchase hold(LedgerFixture f, PpobPurchases purchases, User u, String key) {
    return assertInstanceOf(PpobPurchases.HoldResult.Held.class, f.db.jdbi().inTransaction(h -> purchases.hold(h, key,
        u.id(), "tsel50", "081234567890", Money.rupiah(51_600), Instant.now()))).purchase();
  }
}
