package id.bizpro.bizcash.bayar;

import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.ppob.DigiflazzClient;
import id.bizpro.bizcash.ppob.PpobProvider;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Jdbi;

/**
 * The real Digiflazz client, with a look at the database whenever it is asked for a live price or
 * an inquiry: how many other sessions sit inside a transaction at that moment. A call made from a
 * chat turn's transaction shows that turn's session there. Thread-safe.
 */
record ObservedProvider(DigiflazzClient client, Jdbi jdbi, List<Integer> duringLiveChecks, List<Integer> duringInquiries)
    implements PpobProvider {
  /**
   * Sessions of the test database inside a transaction, other than the one asking. Asked from
   * another thread: on the calling thread Jdbi would reuse a handle the turn had open.
   */
  int openTransactions() {
    return CompletableFuture.supplyAsync(() -> jdbi.withHandle(h -> h.createQuery(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            + " AND state LIKE 'idle in transaction%'").mapTo(Integer.class).one())).join();
  }

  @Override
  public Optional<Product> livePrice(String sku) throws UnknownOutcome, Refused {
    duringLiveChecks.add(openTransactions());
    return client.livePrice(sku);
  }

  @Override
  public List<Product> priceList(boolean postpaid) throws UnknownOutcome, Refused {
    return client.priceList(postpaid);
  }

  @Override
  public Answer transaction(String sku, String customerNo, String refId, Money maxPrice) throws UnknownOutcome {
    return client.transaction(sku, customerNo, refId, maxPrice);
  }

  @Override
  public Optional<PlnCustomer> inquiryPln(String customerNo) throws UnknownOutcome, Refused {
    duringInquiries.add(openTransactions());
    return client.inquiryPln(customerNo);
  }

  @Override
  public Bill inquireBill(String sku, String customerNo, String refId) throws UnknownOutcome, Refused {
    duringInquiries.add(openTransactions());
    return client.inquireBill(sku, customerNo, refId);
  }

  @Override
  public Answer payBill(String sku, String customerNo, String refId) throws UnknownOutcome {
    return client.payBill(sku, customerNo, refId);
  }

  @Override
  public Answer billStatus(String sku, String customerNo, String refId) throws UnknownOutcome {
    return client.billStatus(sku, customerNo, refId);
  }

  @Override
  public Money deposit() throws UnknownOutcome, Refused {
    return client.deposit();
  }
}
