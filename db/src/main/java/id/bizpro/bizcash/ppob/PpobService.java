package id.bizpro.bizcash.ppob;

import com.fasterxml.jackson.databind.JsonNode;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.payment.PaymentAlerts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to the provider about purchases and converges every answer on one outcome. A purchase is
 * sent after its hold committed ({@link #submit}); a definite {@code Sukses} posts it, a definite
 * {@code Gagal} voids it (refund); {@code Pending}, a timeout, a 5xx or a connection reset leave it
 * pending and it is asked about again with the same ref_id (the provider never buys twice for one
 * ref_id) after a back-off that doubles from {@link #FIRST_RETRY} up to {@link #MAX_RETRY}.
 * Callbacks ({@link #onCallback}) and re-asks go through the same settle, which acts once. A
 * purchase pending longer than PPOB_PENDING_REVIEW is shown to the admins ({@link #reviewStuck}).
 * Thread-safe.
 */
public final class PpobService {
  private static final Logger log = LoggerFactory.getLogger(PpobService.class);
  public static final Duration FIRST_RETRY = Duration.ofSeconds(15);
  public static final Duration MAX_RETRY = Duration.ofMinutes(10);

  /**
   * How long a purchase is asked about by its ref_id. Digiflazz: re-posting a prepaid ref_id older
   * than 90 days makes a NEW transaction, and bill statuses are answered for 90 days; past this
   * horizon nothing is sent for the purchase any more (the admins, alerted after
   * PPOB_PENDING_REVIEW, decide).
   */
  public static final Duration ASK_HORIZON = Duration.ofDays(80);

  /**
   * Failure codes with which, by Digiflazz's response-code table, the transaction was formed at the
   * provider, so re-posting its ref_id reads its status. For any other failure (e.g. 44 deposit too
   * low, 43 product off, the price above max_price) no transaction was formed, and re-posting the
   * ref_id would buy now what the user was refunded for.
   */
  static final java.util.Set<String> FORMED_FAILURES =
      java.util.Set.of("01", "02", "50", "51", "52", "53", "54", "55", "57", "58", "59", "60");

  private final Jdbi jdbi;
  private final PpobPurchases purchases;
  private final PpobDeposit deposits;
  private final PpobCatalogue catalogue;
  private final PpobProvider provider;
  private final PpobSettings settings;
  private final PaymentAlerts alerts;
  private final Clock clock;
  private final Executor worker;
  private final LivePrices livePrices;

  public PpobService(Jdbi jdbi, PpobPurchases purchases, PpobProvider provider, PpobSettings settings,
      PaymentAlerts alerts, Clock clock, Executor worker) {
    this.jdbi = jdbi;
    this.purchases = purchases;
    this.deposits = new PpobDeposit(jdbi);
    this.catalogue = purchases.catalogue();
    this.provider = provider;
    this.settings = settings;
    this.alerts = alerts;
    this.clock = clock;
    this.worker = worker;
    this.livePrices = new LivePrices(provider, catalogue, settings.markup(),
        new PriceCheckBudget(settings.priceChecksPerMinute(), clock));
  }

  /** The live price check before a prepaid purchase is held. */
  public LivePrices livePrices() {
    return livePrices;
  }

  public PpobPurchases purchases() {
    return purchases;
  }

  /** BizPro's deposit at the provider as last read. */
  public PpobDeposit deposits() {
    return deposits;
  }

  public PpobCatalogue catalogue() {
    return catalogue;
  }

  public PpobSettings settings() {
    return settings;
  }

  /** Whether the provider is the console's simulation. */
  public boolean simulated() {
    return provider.simulated();
  }

  /** Hands a committed purchase to the worker, which asks the provider. */
  public void submit(String reference) {
    worker.execute(() -> {
      try {
        process(reference);
      } catch (RuntimeException e) {
        log.error("PPOB purchase {}: processing failed; the poller will retry", reference, e);
      }
    });
  }

  /** Asks the provider about a pending purchase (the first buy call or a re-ask) and acts on a definite answer. */
  public void process(String reference) {
    Optional<PpobPurchase> found = purchases.byReference(reference);
    if (found.isEmpty() || found.get().status() != PpobPurchase.Status.PENDING) {
      return;
    }
    PpobPurchase p = found.get();
    if (pastHorizon(p)) {
      // Re-asking now could make a new purchase; not asked again automatically (admins decide).
      log.warn("PPOB purchase {}: still pending after {} days; not asked again (an admin decides)", reference,
          ASK_HORIZON.toDays());
      purchases.reschedule(reference, clock.instant().plus(Duration.ofDays(3650)));
      return;
    }
    PpobProvider.Answer answer;
    try {
      answer = ask(p);
    } catch (PpobProvider.UnknownOutcome e) {
      log.info("PPOB purchase {}: outcome unknown ({}); asking again later", reference, e.getMessage());
      purchases.reschedule(reference, clock.instant().plus(backoff(p.attempts())));
      return;
    }
    apply(reference, answer, "provider", p.attempts());
  }

  /** The buy call, or the re-ask with the same ref_id: {@code pay-pasca} for a bill, {@code /transaction} otherwise. */
  private PpobProvider.Answer ask(PpobPurchase p) throws PpobProvider.UnknownOutcome {
    return p.categoryEnum() == PpobSettings.Category.PASCA
        ? provider.payBill(p.sku(), p.customerNo(), p.reference())
        : provider.transaction(p.sku(), p.customerNo(), p.reference(), p.maxPrice());
  }

  /** Asks for a postpaid bill under a fresh reference, which its payment will reuse. */
  public PpobProvider.Bill inquireBill(String sku, String customerNo)
      throws PpobProvider.UnknownOutcome, PpobProvider.Refused {
    return provider.inquireBill(sku, customerNo, purchases.newReference());
  }

  private boolean pastHorizon(PpobPurchase p) {
    return !p.createdAt().plus(ASK_HORIZON).isAfter(clock.instant());
  }

  /**
   * The provider's current word on a settled purchase, without ever buying: {@code status-pasca}
   * for a bill; for a prepaid purchase the re-post of its ref_id, only when the provider formed
   * the transaction (a success, or a failure it reported with a code of {@link #FORMED_FAILURES} —
   * not one an admin decided). Empty when it cannot be asked safely.
   */
  private Optional<PpobProvider.Answer> statusOfSettled(PpobPurchase p) throws PpobProvider.UnknownOutcome {
    if (pastHorizon(p)) {
      return Optional.empty();
    }
    if (p.categoryEnum() == PpobSettings.Category.PASCA) {
      return Optional.of(provider.billStatus(p.sku(), p.customerNo(), p.reference()));
    }
    boolean formed = p.status() == PpobPurchase.Status.SUCCESS
        || (p.status() == PpobPurchase.Status.FAILED && !"admin".equals(p.resolvedBy().orElse(""))
            && FORMED_FAILURES.contains(p.rc().orElse("")));
    return formed ? Optional.of(provider.transaction(p.sku(), p.customerNo(), p.reference(), p.maxPrice())) : Optional.empty();
  }

  static Duration backoff(int attempts) {
    Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(attempts, 10));
    return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
  }

  private PpobPurchases.SettleResult apply(String reference, PpobProvider.Answer a, String by, int attempts) {
    a.buyerLastSaldo().ifPresent(this::recordDeposit);
    return switch (a.status()) {
      case SUCCESS -> purchases.settle(reference,
          new PpobPurchases.Outcome.Success(a.sn(), a.price(), a.rc(), a.message()), by);
      case FAILED -> purchases.settle(reference, new PpobPurchases.Outcome.Failed(a.rc(), a.message()), by);
      case PENDING -> {
        purchases.reschedule(reference, clock.instant().plus(backoff(attempts)));
        yield purchases.byReference(reference)
            .<PpobPurchases.SettleResult>map(PpobPurchases.SettleResult.AlreadySettled::new)
            .orElseGet(PpobPurchases.SettleResult.NotFound::new);
      }
    };
  }

  /** What a callback did. */
  public enum CallbackResult { APPLIED, UNCHANGED, UNKNOWN_REFERENCE, UNREADABLE }

  /** A verified callback's {@code data}: acted on like an answer to a re-ask. */
  public CallbackResult onCallback(JsonNode data) {
    Optional<PpobProvider.Answer> answer = DigiflazzClient.answer(data);
    if (answer.isEmpty() || answer.get().refId().isBlank()) {
      return CallbackResult.UNREADABLE;
    }
    Optional<PpobPurchase> p = purchases.byReference(answer.get().refId());
    if (p.isEmpty()) {
      return CallbackResult.UNKNOWN_REFERENCE;
    }
    PpobPurchases.SettleResult r = apply(p.get().reference(), answer.get(), "callback", p.get().attempts());
    return r instanceof PpobPurchases.SettleResult.Settled ? CallbackResult.APPLIED : CallbackResult.UNCHANGED;
  }

  /** Re-asks the provider about every pending purchase whose check is due. Returns how many were asked. */
  public int pollDue() {
    List<PpobPurchase> due = purchases.due(clock.instant(), 50);
    for (PpobPurchase p : due) {
      try {
        process(p.reference());
      } catch (RuntimeException e) {
        log.error("PPOB purchase {}: re-ask failed", p.reference(), e);
      }
    }
    return due.size();
  }

  /** Alerts the admins about purchases pending longer than PPOB_PENDING_REVIEW. */
  public int reviewStuck() {
    return purchases.alertStuck(clock.instant(), settings.pendingReview()).size();
  }

  /** Syncs both price lists into the catalogue and reads the deposit. Returns the products stored. */
  public int syncCatalogue() {
    int n = 0;
    try {
      n += catalogue.sync(provider.priceList(false), false);
    } catch (PpobProvider.UnknownOutcome | PpobProvider.Refused e) {
      log.warn("PPOB prepaid price list not synced: {}", e.getMessage());
    }
    try {
      n += catalogue.sync(provider.priceList(true), true);
    } catch (PpobProvider.UnknownOutcome | PpobProvider.Refused e) {
      log.warn("PPOB postpaid price list not synced: {}", e.getMessage());
    }
    readDeposit();
    return n;
  }

  /** Reads the deposit at the provider and alerts the admins when it just fell below PPOB_MIN_DEPOSIT_ALERT. */
  public Optional<Money> readDeposit() {
    try {
      Money d = provider.deposit();
      recordDeposit(d);
      return Optional.of(d);
    } catch (PpobProvider.UnknownOutcome | PpobProvider.Refused e) {
      log.warn("PPOB deposit not read: {}", e.getMessage());
      return Optional.empty();
    }
  }

  private void recordDeposit(Money deposit) {
    jdbi.useTransaction(h -> {
      if (deposits.record(h, deposit, settings.minDepositAlert())) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("problem", "ppob_deposit_low");
        params.put("balance", deposit.rupiah());
        params.put("threshold", settings.minDepositAlert().plain());
        alerts.alert(h, "ppob-deposit-low:" + clock.instant().toEpochMilli(), params);
      }
    });
  }

  public Optional<PpobProvider.PlnCustomer> inquiryPln(String customerNo)
      throws PpobProvider.UnknownOutcome, PpobProvider.Refused {
    return provider.inquiryPln(customerNo);
  }

  /** What an admin's decision did. */
  public sealed interface AdminResult {
    record Done(PpobPurchases.SettleResult result) implements AdminResult {}

    /** The provider still says Pending: it may complete the purchase, so it is not refunded. */
    record ProviderStillPending() implements AdminResult {}

    /** The provider answered definitely the other way; that answer was applied instead. */
    record ProviderDecided(PpobPurchases.SettleResult result, PpobProvider.Status status) implements AdminResult {}
  }

  /**
   * An admin marks a pending purchase succeeded (with the SN) or failed (refund). The provider is
   * asked first: its definite answer wins, and a purchase it still calls pending is not refunded.
   * When the provider cannot be reached the admin's decision is applied.
   */
  public AdminResult adminMark(String reference, boolean success, String sn, String admin) {
    Optional<PpobPurchase> p = purchases.byReference(reference);
    if (p.isEmpty()) {
      return new AdminResult.Done(new PpobPurchases.SettleResult.NotFound());
    }
    if (p.get().status() == PpobPurchase.Status.PENDING && !pastHorizon(p.get())) {
      try {
        PpobProvider.Answer a = ask(p.get());
        if (a.status() == PpobProvider.Status.PENDING && !success) {
          return new AdminResult.ProviderStillPending();
        }
        if (a.status() != PpobProvider.Status.PENDING && (a.status() == PpobProvider.Status.SUCCESS) != success) {
          return new AdminResult.ProviderDecided(apply(p.get().reference(), a, "provider", p.get().attempts()), a.status());
        }
      } catch (PpobProvider.UnknownOutcome e) {
        log.warn("PPOB purchase {}: provider unreachable while admin {} decided; applying the decision", reference, admin);
      }
    }
    PpobPurchases.Outcome outcome = success
        ? new PpobPurchases.Outcome.Success(Optional.ofNullable(sn).filter(s -> !s.isBlank()), Optional.empty(), "admin",
            "marked success by " + admin)
        : new PpobPurchases.Outcome.Failed("admin", "marked failed by " + admin);
    return new AdminResult.Done(purchases.settle(p.get().reference(), outcome, "admin"));
  }

  /** A settled purchase on which the provider now says something else (or could not be asked). */
  public record Mismatch(PpobPurchase purchase, String providerSays) {}

  /**
   * What the reconciliation with the provider found: {@code notAsked} purchases could not be asked
   * without risking a purchase (see {@link #reconcileWithProvider}).
   */
  public record ProviderCheck(int checked, List<Mismatch> mismatches, int unreachable, int notAsked) {}

  /**
   * Reconciles the latest {@code limit} settled purchases with the provider: each is asked about
   * by its ref_id and compared with what was booked — a status check, never a purchase, so a
   * prepaid failure for which the provider formed no transaction (or one an admin decided, or one
   * older than {@link #ASK_HORIZON}) is not asked ({@code notAsked}). A mismatch changes nothing in
   * the ledger; the admins are alerted once per purchase and answer.
   */
  public ProviderCheck reconcileWithProvider(int limit) {
    List<PpobPurchase> settled = purchases.recentlySettled(limit);
    List<Mismatch> mismatches = new java.util.ArrayList<>();
    int unreachable = 0;
    int notAsked = 0;
    for (PpobPurchase p : settled) {
      PpobProvider.Answer a;
      try {
        Optional<PpobProvider.Answer> status = statusOfSettled(p);
        if (status.isEmpty()) {
          notAsked++;
          continue;
        }
        a = status.get();
      } catch (PpobProvider.UnknownOutcome e) {
        unreachable++;
        continue;
      }
      boolean same = switch (a.status()) {
        case SUCCESS -> p.status() == PpobPurchase.Status.SUCCESS;
        case FAILED -> p.status() == PpobPurchase.Status.FAILED;
        case PENDING -> false;
      };
      if (!same) {
        String says = a.status().name().toLowerCase();
        mismatches.add(new Mismatch(p, says));
        jdbi.useTransaction(h -> {
          Map<String, Object> params = new LinkedHashMap<>();
          params.put("problem", "ppob_provider_mismatch");
          params.put("reference", p.reference());
          params.put("recorded", p.status().name().toLowerCase());
          params.put("now_said", says);
          alerts.alert(h, "ppob-mismatch:" + p.reference() + ":" + says, params);
        });
      }
    }
    return new ProviderCheck(settled.size() - unreachable - notAsked, List.copyOf(mismatches), unreachable, notAsked);
  }

  /** A clock instant (for callers that show times next to the service's decisions). */
  public Instant now() {
    return clock.instant();
  }
}
