package id.bizpro.bizcash.statement;

import com.fasterxml.jackson.annotation.JsonIgnore;
import id.bizpro.bizcash.conversation.FlowState;
import java.time.LocalDate;

/**
 * The steps of {@code /statement}, stored as JSON between messages. Dates are kept as ISO text
 * ({@code 2026-11-01}) because the shared mapper has no java.time module.
 */
public sealed interface StatementState extends FlowState {
  /** The period buttons are showing. */
  record ChoosingPeriod() implements StatementState {}

  /** Waiting for two typed dates. */
  record TypingDates() implements StatementState {}

  /** The period is known; the PDF / Excel buttons are showing. */
  record ChoosingFormat(String fromDate, String toDate) implements StatementState {
    static ChoosingFormat of(StatementPeriod p) {
      return new ChoosingFormat(p.from().toString(), p.to().toString());
    }

    @JsonIgnore
    StatementPeriod period() {
      return new StatementPeriod(LocalDate.parse(fromDate), LocalDate.parse(toDate));
    }
  }
}
