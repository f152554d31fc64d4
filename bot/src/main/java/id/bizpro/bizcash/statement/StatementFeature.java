package id.bizpro.bizcash.statement;

import id.bizpro.bizcash.activity.WalletActivity;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Input;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Messages;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

/**
 * {@code /statement}: a period (this month, last month, last 30 days, or two typed dates) and a
 * format (PDF, Excel), then the file arrives in the chat with a caption that sums up the period,
 * in the user's language. The file is made and uploaded after the turn commits, on this feature's
 * own small pool (see {@link StatementJobs}), so a long statement never holds up other updates.
 * The period lives in the stored flow state, never in button data, so a button can only ask for
 * the caller's own statement of the period they chose. Thread-safe. Owns threads: {@link #close}
 * it when the bot stops.
 */
public final class StatementFeature implements Feature, AutoCloseable {
  /** Statements made at once; each holds one database connection while it runs. */
  public static final int DEFAULT_WORKERS = 2;
  /** Requests waiting beyond the running ones before "busy, try again" is the answer. */
  public static final int DEFAULT_QUEUE = 16;

  private final StatementJobs jobs;
  private final Messages messages = new Messages();

  public StatementFeature(WalletActivity activity, java.time.Clock clock) {
    this(activity, clock, DEFAULT_WORKERS, DEFAULT_QUEUE);
  }

  public StatementFeature(WalletActivity activity, java.time.Clock clock, int workerThreads, int queueLength) {
    this.jobs = new StatementJobs(new StatementService(activity, clock), messages,
        workerThreads, queueLength);
  }

  @Override
  public void register(Router router) {
    router.command("statement", "command.statement", this::start);
    router.menuButton("menu.statement", "statement");
    router.callback("stm", this::press);
    router.flow(StatementState.class, Map.of(
        "statement.period", StatementState.ChoosingPeriod.class,
        "statement.dates", StatementState.TypingDates.class,
        "statement.format", StatementState.ChoosingFormat.class), this::step);
  }

  private void start(Turn t, String args) {
    t.abandonFlow();
    if (!args.isBlank()) {
      // "/statement 1/11/2026 - 26/11/2026" skips the buttons.
      t.go(new StatementState.TypingDates());
      typed(t, args);
      return;
    }
    t.go(new StatementState.ChoosingPeriod());
    t.send(t.t("statement.ask_period"), Keyboards.inline(
        List.of(Keyboards.button(t.t("statement.button.this_month"), "stm:p:this"),
            Keyboards.button(t.t("statement.button.last_month"), "stm:p:last")),
        List.of(Keyboards.button(t.t("statement.button.last_30"), "stm:p:30"),
            Keyboards.button(t.t("statement.button.other"), "stm:p:other"))));
  }

  private void step(Turn t, StatementState state, Input input) {
    switch (state) {
      case StatementState.TypingDates d -> {
        if (input instanceof Input.Text text) {
          typed(t, text.text());
        } else {
          t.send(t.t("input.text_needed"));
        }
      }
      case StatementState.ChoosingPeriod p -> t.send(t.t("statement.use_period_buttons"));
      case StatementState.ChoosingFormat f -> t.send(t.t("statement.use_format_buttons"));
    }
  }

  private void typed(Turn t, String text) {
    String reason = switch (StatementPeriod.parse(text.strip(), today(t))) {
      case StatementPeriod.Parsed.Ok ok -> {
        askFormat(t, ok.period());
        yield null;
      }
      case StatementPeriod.Parsed.Unreadable u -> t.t("statement.dates.unreadable");
      case StatementPeriod.Parsed.NoSuchDate n -> t.t("statement.dates.no_such_date", n.typed());
      case StatementPeriod.Parsed.EndBeforeStart e -> t.t("statement.dates.end_before_start");
      case StatementPeriod.Parsed.InFuture f -> t.t("statement.dates.future", t.messages().date(t.language(), t.now()));
      case StatementPeriod.Parsed.TooLong l -> t.t("statement.dates.too_long", StatementPeriod.MAX_DAYS, l.days());
    };
    if (reason != null) {
      t.send(reason + "\n" + t.t("statement.dates.try_again"));
    }
  }

  private void askFormat(Turn t, StatementPeriod period) {
    t.go(StatementState.ChoosingFormat.of(period));
    t.send(t.t("statement.ask_format", StatementJobs.periodText(t.messages(), t.language(), period)), formatButtons(t));
  }

  private static InlineKeyboardMarkup formatButtons(Turn t) {
    return Keyboards.inline(List.of(
        Keyboards.button(t.t("statement.button.pdf"), "stm:f:pdf"),
        Keyboards.button(t.t("statement.button.xlsx"), "stm:f:xlsx")));
  }

  private void press(Turn t, String data) {
    switch (data) {
      case "p:this" -> preset(t, StatementPeriod.thisMonth(today(t)));
      case "p:last" -> preset(t, StatementPeriod.lastMonth(today(t)));
      case "p:30" -> preset(t, StatementPeriod.last30Days(today(t)));
      case "p:other" -> {
        if (inFlow(t)) {
          t.go(new StatementState.TypingDates());
          t.send(t.t("statement.ask_dates"));
        }
      }
      case "f:pdf" -> chooseFormat(t, StatementFormat.PDF);
      case "f:xlsx" -> chooseFormat(t, StatementFormat.XLSX);
      default -> t.answer(t.t("callback.invalid"));
    }
  }

  private void preset(Turn t, StatementPeriod period) {
    if (inFlow(t)) {
      askFormat(t, period);
    }
  }

  /** Old period buttons work while the statement flow is open; after it, they say so. */
  private static boolean inFlow(Turn t) {
    if (t.state() instanceof StatementState) {
      return true;
    }
    t.answer(t.t("statement.stale"));
    return false;
  }

  private void chooseFormat(Turn t, StatementFormat format) {
    if (!(t.state() instanceof StatementState.ChoosingFormat chosen)) {
      t.answer(t.t("statement.stale"));
      return;
    }
    StatementPeriod period = chosen.period();
    t.endFlow();
    String preparing = t.t("statement.preparing", StatementJobs.periodText(t.messages(), t.language(), period),
        t.t("statement.format." + format.extension()));
    // Editing the choice message drops its buttons, so a second press cannot order a second file.
    Optional<Integer> choiceMessage = t.press().map(Turn.Press::messageId);
    choiceMessage.ifPresentOrElse(id -> t.edit(id, preparing, null), () -> t.send(preparing));
    StatementJobs.Request request = new StatementJobs.Request(t.chatId(), t.user(), t.language(), period, format);
    t.afterSend(sender -> jobs.submit(sender, request));
  }

  private LocalDate today(Turn t) {
    return t.now().atZone(WalletActivity.WIB).toLocalDate();
  }

  /** Stops taking statements and waits up to ten seconds for the ones being made. */
  @Override
  public void close() {
    jobs.close();
  }
}
